from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from agenda import admin_views, permissions
from agenda.models import Event, EventCategory


class ModerationMenuItem(MenuItem):
    """« Agenda à valider (3) »: shown to Modération, with how many events wait."""

    def is_shown(self, request):
        return permissions.can_moderate_events(request.user)

    def render_component(self, request):
        waiting = Event.objects.submitted().count()
        label = f"{self.label} ({waiting})" if waiting else str(self.label)
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("agenda/moderation/", admin_views.moderation_queue, name="agenda_moderation"),
        path(
            "agenda/moderation/<int:pk>/",
            admin_views.moderation_decide,
            name="agenda_moderation_decide",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        _("Agenda à valider"),
        reverse("agenda_moderation"),
        name="agenda-moderation",
        icon_name="date",
        order=260,
    )


class EventCategoryViewSet(SnippetViewSet):
    model = EventCategory
    icon = "tag"
    menu_label = gettext_lazy("Catégories d'événement")
    list_display = ["name", "slug", "order"]
    ordering = ["order", "name"]


register_snippet(EventCategoryViewSet)
