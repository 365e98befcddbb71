"""Wagtail admin: the queue of proposed events, for the Modération group."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn

from agenda import permissions
from agenda.forms import DecisionForm
from agenda.models import Event, EventChangeLog
from agenda.services.events import decide_event
from agenda.templatetags.agenda_tags import when
from civic.moderation.queues import DecideColumn, DecideView, QueueIndexView, QueueViewSet


class EventFilterSet(WagtailFilterSet):
    class Meta:
        model = Event
        fields = ["category"]


def _place(event):
    parts = [
        event.category.name if event.category else "",
        event.commune.name if event.commune else "",
    ]
    return " — ".join(part for part in parts if part)


def _organiser(event):
    profile = event.organiser_profile
    if profile is None:
        return ""
    return f"{profile.display_name} ({profile.badge})" if profile.badge else profile.display_name


def _decision_text(change):
    text = _("%(title)s : %(action)s par %(by)s") % {
        "title": change.event.title,
        "action": change.get_action_display(),
        "by": change.user_name,
    }
    return f"{text} — « {change.note} »" if change.note else text


class EventIndexView(QueueIndexView):
    model = Event
    page_title = gettext_lazy("Agenda à valider")
    filterset_class = EventFilterSet
    default_ordering = ("submitted_at", "pk")
    verbose_name_plural = gettext_lazy("événements")

    @property
    def no_results_message(self):
        return _("Aucun événement en attente.")

    @property
    def columns(self):
        return [
            Column("title", label=_("Événement")),
            Column("place", label=_("Catégorie et commune"), accessor=_place),
            Column("when", label=_("Date"), accessor=when),
            Column("organiser", label=_("Proposé par"), accessor=_organiser),
            DateColumn("submitted_at", label=_("Envoyé le"), sort_key="submitted_at"),
            DecideColumn(self.decide_url_name),
        ]

    def get_base_queryset(self):
        return Event.objects.submitted().with_related().select_related("created_by")

    def count_text(self, count):
        return ngettext(
            "%(count)s événement en attente", "%(count)s événements en attente", count
        ) % {"count": count}

    def recent_decisions(self):
        changes = (
            EventChangeLog.objects.filter(
                action__in=[EventChangeLog.Action.APPROVED, EventChangeLog.Action.REJECTED]
            )
            .select_related("event")
            .order_by("-at", "-pk")[:20]
        )
        return [(change.at, _decision_text(change)) for change in changes]


class EventDecideView(DecideView):
    form_class = DecisionForm
    queryset = Event.objects.with_related().select_related("created_by")
    page_title = gettext_lazy("Examiner un événement")
    template_name = "agenda/admin/moderation_decide.html"
    already_decided = gettext_lazy("Cet événement a déjà été traité.")

    def is_waiting(self, event):
        return event.status == Event.Status.SUBMITTED

    def decide(self, *, approve, reason):
        event = self.object
        decide_event(event=event, moderator=self.request.user, approve=approve, reason=reason)
        if approve:
            return _("« %(title)s » est publié.") % {"title": event.title}
        return _("« %(title)s » est refusé.") % {"title": event.title}


class EventModerationViewSet(QueueViewSet):
    """« Agenda à valider (3) »: events proposed by those who may not publish directly."""

    name = "agenda_moderation"
    url_prefix = "agenda/moderation"
    menu_name = "agenda-moderation"
    menu_label = gettext_lazy("Agenda à valider")
    icon = "date"
    menu_order = 260
    index_view_class = EventIndexView
    decide_view_class = EventDecideView

    def is_allowed(self, user):
        return permissions.can_moderate_events(user)

    def count_waiting(self):
        return Event.objects.submitted().count()
