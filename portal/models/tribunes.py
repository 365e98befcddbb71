"""« Tribunes »: the space the law gives councillors outside the majority wherever the council
publishes information on its achievements and management (CGCT L2121-27-1, L3121-24-1,
L4132-23-1). Each political group writes its own text for each period, within the same length as
the others; it is published as written. Staff set groups and periods and may only hide a text,
for a legal reason that stays recorded."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from portal.forms import TribuneForm
from portal.visibility import RememberedRestrictionsMixin


class PoliticalGroup(models.Model):
    name = models.CharField(_("nom du groupe"), max_length=200, unique=True)
    is_majority = models.BooleanField(
        _("groupe de la majorité"),
        default=False,
        help_text=_("Décochez pour les groupes d'opposition ou non inscrits."),
    )
    writers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("comptes qui rédigent pour le groupe"),
        blank=True,
        related_name="political_groups",
    )
    sort_order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("is_majority"),
        FieldPanel("writers"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("groupe politique")
        verbose_name_plural = _("groupes politiques")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class TribunePeriodQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_on__lte=timezone.localdate())

    def open_for_writing(self):
        return self.filter(deadline__gte=timezone.localdate())


class TribunePeriod(models.Model):
    """One issue of the tribunes: a month, or an issue of the council's magazine."""

    title = models.CharField(
        _("période"), max_length=200, help_text=_("Par exemple : Avril 2026, ou Magazine n° 42.")
    )
    deadline = models.DateField(_("date limite de remise des textes"))
    published_on = models.DateField(_("date de publication"))
    character_limit = models.PositiveIntegerField(
        _("nombre de signes par groupe"),
        default=1500,
        help_text=_("Espaces comprises ; la même limite pour tous les groupes."),
    )

    objects = TribunePeriodQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("deadline"), FieldPanel("published_on")]),
        FieldPanel("character_limit"),
    ]

    class Meta:
        verbose_name = _("période des tribunes")
        verbose_name_plural = _("périodes des tribunes")
        ordering = ["-published_on", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.deadline >= timezone.localdate()


class Tribune(models.Model):
    period = models.ForeignKey(
        TribunePeriod, verbose_name=_("période"), on_delete=models.CASCADE, related_name="tribunes"
    )
    group = models.ForeignKey(
        PoliticalGroup,
        verbose_name=_("groupe"),
        on_delete=models.PROTECT,
        related_name="tribunes",
    )
    title = models.CharField(_("titre"), max_length=200, blank=True)
    text = models.TextField(_("texte"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rédigé par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("remis le"), auto_now=True)
    hidden_reason = models.TextField(
        _("motif du masquage"),
        blank=True,
        help_text=_(
            "Seulement pour un motif légal (propos diffamatoires, injurieux, contraires à "
            "l'ordre public) : le texte n'est pas publié et le motif est affiché à sa place."
        ),
    )
    hidden_at = models.DateTimeField(_("masqué le"), null=True, blank=True)

    panels = [
        FieldPanel("period", read_only=True),
        FieldPanel("group", read_only=True),
        FieldPanel("title", read_only=True),
        FieldPanel("text", read_only=True),
        FieldPanel("hidden_reason"),
    ]

    class Meta:
        verbose_name = _("tribune")
        verbose_name_plural = _("tribunes")
        ordering = ["group__sort_order", "group__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "group"], name="one_tribune_per_group")
        ]

    def __str__(self):
        return f"{self.group} — {self.period}"

    def save(self, *args, **kwargs):
        if self.hidden_reason.strip() and self.hidden_at is None:
            self.hidden_at = timezone.now()
        elif not self.hidden_reason.strip():
            self.hidden_at = None
        super().save(*args, **kwargs)

    @property
    def is_hidden(self):
        return bool(self.hidden_reason.strip())


def save_tribune(*, user, group, period, title: str, text: str) -> Tribune:
    """A group's text for a period, as its writer typed it (the form checked the limit)."""
    if not group.writers.filter(pk=user.pk).exists() or not period.is_open:
        raise PermissionDenied
    tribune, _created = Tribune.objects.update_or_create(
        period=period,
        group=group,
        defaults={"title": title, "text": text, "written_by": user},
    )
    return tribune


class TribunesPage(RoutablePageMixin, RememberedRestrictionsMixin, Page):
    """The public page of the tribunes, newest period first, every group side by side."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        default=_(
            "Conformément à la loi, un espace d'expression est réservé aux groupes d'élus "
            "n'appartenant pas à la majorité. Les textes sont publiés tels que les groupes les "
            "ont transmis ; ils n'engagent que leurs auteurs."
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("page des tribunes")

    def periods(self):
        tribunes = Tribune.objects.select_related("group")
        return TribunePeriod.objects.published().prefetch_related(
            Prefetch("tribunes", queryset=tribunes)
        )

    @path("")
    def index_route(self, request):
        periods = list(self.periods()[:6])
        groups = list(PoliticalGroup.objects.all())
        for period in periods:
            by_group = {tribune.group_id: tribune for tribune in period.tribunes.all()}
            period.columns = [(group, by_group.get(group.pk)) for group in groups]
        writable = []
        if request.user.is_authenticated:
            my_groups = list(request.user.political_groups.all())
            if my_groups:
                writable = [
                    (
                        period,
                        group,
                        self.url + self.reverse_subpage("write", args=(period.pk, group.pk)),
                    )
                    for period in TribunePeriod.objects.open_for_writing()
                    for group in my_groups
                ]
        return self.render(request, context_overrides={"periods": periods, "writable": writable})

    @path("ecrire/<int:period_id>/<int:group_id>/", name="write")
    def write_route(self, request, period_id, group_id):
        period = get_object_or_404(TribunePeriod, pk=period_id)
        group = get_object_or_404(PoliticalGroup, pk=group_id)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not group.writers.filter(pk=request.user.pk).exists():
            raise PermissionDenied
        existing = Tribune.objects.filter(period=period, group=group).first()
        form = TribuneForm(
            request.POST or None,
            limit=period.character_limit,
            initial={"title": existing.title, "text": existing.text} if existing else None,
        )
        if not period.is_open:
            messages.error(request, _("La date limite de remise des textes est passée."))
            return redirect(self.url)
        if request.method == "POST" and form.is_valid():
            save_tribune(user=request.user, group=group, period=period, **form.cleaned_data)
            messages.success(
                request,
                _("La tribune de %(group)s pour %(period)s est enregistrée.")
                % {"group": group, "period": period},
            )
            return redirect(self.url)
        return self.render(
            request,
            template="portal/tribune_form.html",
            context_overrides={"form": form, "period": period, "group": group},
        )
