"""The council's acts, published as the law requires since 1 July 2022 (CGCT L2131-1, ordonnance
n° 2021-1310 and décret n° 2021-1311): in full, for good, free, as unalterable PDF files, each with
the date it was put online. A correction is a new version; the earlier ones stay visible."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.signals import page_published

from civic.common.text import normalize
from portal.acts_export import ActsRssFeed, deliberations_csv, deliberations_json, scdl_rows
from portal.models.pages import PlainTextSearchMixin
from portal.visibility import RememberedRestrictionsMixin, public

ACTS_PER_PAGE = 25

# Level 1 of the @CTES nomenclature of matters, which the prefectures and the SCDL use.
MATTERS = {
    "1": _("Commande publique"),
    "2": _("Urbanisme"),
    "3": _("Domaine et patrimoine"),
    "4": _("Fonction publique"),
    "5": _("Institutions et vie politique"),
    "6": _("Libertés publiques et pouvoirs de police"),
    "7": _("Finances locales"),
    "8": _("Domaines de compétences par thèmes"),
    "9": _("Autres domaines de compétences"),
}


class ActNature(models.TextChoices):
    DELIBERATION = "deliberation", _("Délibération")
    ARRETE = "arrete", _("Arrêté")
    DECISION = "decision", _("Décision")
    LISTE = "liste", _("Liste des délibérations")
    PROCES_VERBAL = "proces_verbal", _("Procès-verbal")


def acts_queryset():
    """Live, public acts with the date their current version was put online, newest first."""
    latest = ActPublication.objects.filter(page=OuterRef("pk")).order_by("-online_at", "-pk")
    return (
        public(ActPage.objects.live())
        .select_related("document")
        .annotate(online_at=Subquery(latest.values("online_at")[:1]))
        .order_by("-act_date", "-pk")
    )


class ActsIndexPage(RoutablePageMixin, RememberedRestrictionsMixin, PlainTextSearchMixin, Page):
    """« Actes administratifs »: every act below it, by year and nature, with RSS and open data."""

    introduction = models.TextField(_("introduction"), blank=True)
    siret = models.CharField(
        _("SIRET de la collectivité"),
        max_length=14,
        blank=True,
        validators=[RegexValidator(r"^\d{14}$", _("Le SIRET compte 14 chiffres."))],
        help_text=_("Pour l'export des délibérations au format ouvert (SCDL)."),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("siret")]
    search_fields = [*Page.search_fields, index.SearchField("search_plain_text")]
    plain_text_fields = ("title", "introduction")

    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types = ["portal.CouncilMeetingPage", "portal.ActPage"]

    class Meta:
        verbose_name = _("liste des actes administratifs")
        verbose_name_plural = _("listes des actes administratifs")

    def acts(self):
        return acts_queryset().descendant_of(self)

    def filtered_acts(self, params):
        """The acts matching the listing's filters, and the filters as understood."""
        acts = self.acts()
        year = params.get("annee", "")
        nature = params.get("nature", "")
        # PostgreSQL refuses NUL in a parameter: dropped, like the other unprintable input.
        query = " ".join(params.get("q", "").replace("\x00", "").split())[:200]
        if year.isdigit() and len(year) == 4:
            acts = acts.filter(act_date__year=int(year))
        else:
            year = ""
        if nature in ActNature.values:
            acts = acts.filter(nature=nature)
        else:
            nature = ""
        for word in normalize(query).split():
            acts = acts.filter(search_text__contains=word)
        return acts, {"annee": year, "nature": nature, "q": query}

    @path("")
    def index_route(self, request):
        acts, filters = self.filtered_acts(request.GET)
        page_obj = Paginator(acts, ACTS_PER_PAGE).get_page(request.GET.get("page"))
        years = [day.year for day in self.acts().order_by().dates("act_date", "year", order="DESC")]
        return self.render(
            request,
            context_overrides={
                "page_obj": page_obj,
                "acts": page_obj.object_list,
                "filters": filters,
                "years": years,
                "natures": ActNature.choices,
                "filtering": any(filters.values()),
            },
        )

    def deliberations(self):
        return self.acts().filter(nature=ActNature.DELIBERATION).order_by("act_date", "pk")

    @path("flux/rss/", name="rss")
    def rss_route(self, request):
        return ActsRssFeed(self, self.acts().order_by("-online_at", "-pk"))(request)

    @path("donnees/deliberations-csv/", name="csv")
    def csv_route(self, request):
        return deliberations_csv(scdl_rows(self, self.deliberations(), request))

    @path("donnees/deliberations-json/", name="json")
    def json_route(self, request):
        return deliberations_json(scdl_rows(self, self.deliberations(), request))

    def export_urls(self, request=None):
        base = self.get_url(request)
        return {name: base + self.reverse_subpage(name) for name in ("rss", "csv", "json")}


class CouncilMeetingPage(RememberedRestrictionsMixin, PlainTextSearchMixin, Page):
    """A meeting of the assembly: its agenda, then its deliberations, their list and its minutes."""

    meeting_at = models.DateTimeField(_("date et heure de la séance"))
    assembly = models.CharField(
        _("assemblée"), max_length=200, help_text=_("Par exemple : Conseil départemental.")
    )
    place = models.CharField(_("lieu"), max_length=250, blank=True)
    agenda = RichTextField(
        _("ordre du jour"), blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("meeting_at"), FieldPanel("assembly")]),
        FieldPanel("place"),
        FieldPanel("agenda"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("search_plain_text")]
    plain_text_fields = ("title", "assembly", "agenda")

    parent_page_types = ["portal.ActsIndexPage"]
    subpage_types = ["portal.ActPage"]

    class Meta:
        verbose_name = _("séance du conseil")
        verbose_name_plural = _("séances du conseil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        acts = list(acts_queryset().child_of(self).order_by("number", "pk"))
        context["deliberations"] = [a for a in acts if a.nature == ActNature.DELIBERATION]
        context["meeting_documents"] = [a for a in acts if a.nature != ActNature.DELIBERATION]
        return context


class ActPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        document = cleaned.get("document")
        if document is not None and document.file_extension.lower() != "pdf":
            self.add_error(
                "document",
                _("Un acte est publié au format PDF, qui ne peut pas être modifié après coup."),
            )
        page = self.instance
        current = page.publications.last() if page.pk else None
        if (
            current is not None
            and document is not None
            and document.pk != current.document_id
            and not cleaned.get("correction_reason", "").strip()
        ):
            self.add_error(
                "correction_reason",
                _(
                    "Cet acte est déjà publié : dites pourquoi vous le corrigez. La version "
                    "publiée restera consultable à côté de la nouvelle."
                ),
            )
        return cleaned


class ActPage(RememberedRestrictionsMixin, PlainTextSearchMixin, Page):
    """One act. Its title is its object (« Attribution des subventions aux associations »)."""

    nature = models.CharField(_("nature"), max_length=16, choices=ActNature)
    number = models.CharField(
        _("numéro"), max_length=40, help_text=_("Le numéro de l'acte, par exemple 2026-DEL-042.")
    )
    act_date = models.DateField(_("date de l'acte"))
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("acte signé (PDF)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    correction_reason = models.TextField(
        _("motif de la correction"),
        blank=True,
        help_text=_("Seulement pour remplacer le PDF d'un acte déjà publié."),
    )
    matter_code = models.CharField(
        _("code matière"),
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(
                r"^[1-9](\.\d{1,2}){0,3}$",
                _("Un code de la nomenclature @CTES, par exemple 7.5 ou 8.2.1."),
            )
        ],
        help_text=_("Nomenclature @CTES, comme pour la transmission à la préfecture (ex. 7.5)."),
    )
    matter_detail = models.CharField(
        _("sous-matière"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : Subventions."),
    )
    prefecture_sent_on = models.DateField(
        _("date de transmission à la préfecture"), null=True, blank=True
    )
    budget_year = models.CharField(_("exercice budgétaire"), max_length=4, blank=True)
    budget_name = models.CharField(_("budget concerné"), max_length=200, blank=True)
    votes_members = models.PositiveIntegerField(_("membres en exercice"), null=True, blank=True)
    votes_cast = models.PositiveIntegerField(_("votants"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("pour"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("contre"), null=True, blank=True)
    votes_abstention = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    # Accent- and case-free copy of the number and object, for the listing's search.
    search_text = models.TextField(editable=False, default="")

    base_form_class = ActPageForm
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("nature"), FieldPanel("number"), FieldPanel("act_date")]),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("correction_reason")],
            heading=_("Document"),
        ),
        FieldRowPanel([FieldPanel("matter_code"), FieldPanel("matter_detail")]),
        FieldPanel("prefecture_sent_on"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("budget_year"), FieldPanel("budget_name")]),
                FieldRowPanel(
                    [
                        FieldPanel("votes_members"),
                        FieldPanel("votes_cast"),
                        FieldPanel("votes_for"),
                        FieldPanel("votes_against"),
                        FieldPanel("votes_abstention"),
                    ]
                ),
            ],
            heading=_("Délibération : budget et vote"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("number"),
        index.SearchField("search_plain_text"),
        index.FilterField("act_date"),
    ]
    plain_text_fields = ("title", "number", "matter_detail")

    parent_page_types = ["portal.ActsIndexPage", "portal.CouncilMeetingPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("acte administratif")
        verbose_name_plural = _("actes administratifs")
        indexes = [models.Index(fields=["-act_date"], name="actpage_date")]

    def save(self, *args, **kwargs):
        self.search_text = normalize(f"{self.number} {self.title} {self.matter_detail}")
        super().save(*args, **kwargs)

    @property
    def matter_name(self):
        """ "Finances locales / Subventions", as the SCDL writes it."""
        name = MATTERS.get(self.matter_code[:1], "")
        return " / ".join(str(part) for part in (name, self.matter_detail) if part)

    def versions(self):
        """Every version put online, the current one first."""
        return self.publications.select_related("document").order_by("-online_at", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        versions = list(self.versions())
        context["current_version"] = versions[0] if versions else None
        context["earlier_versions"] = versions[1:]
        return context


class ActPublication(models.Model):
    """A version of an act as it was put online: written when the page is published, never
    changed afterwards; its document cannot be deleted."""

    page = models.ForeignKey(ActPage, on_delete=models.CASCADE, related_name="publications")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.PROTECT, related_name="+")
    online_at = models.DateTimeField(_("mis en ligne le"), default=timezone.now)
    reason = models.TextField(_("motif de la correction"), blank=True)

    class Meta:
        verbose_name = _("version publiée d'un acte")
        verbose_name_plural = _("versions publiées des actes")
        ordering = ["online_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["page", "document"], name="act_publication_once")
        ]

    def __str__(self):
        return f"{self.page} ({self.online_at:%Y-%m-%d %H:%M})"

    def clean(self):
        if self.pk:
            raise ValidationError(_("Une version publiée ne se modifie pas."))


@receiver(page_published, sender=ActPage, dispatch_uid="portal_act_publication")
def record_publication(sender=ActPage, instance=None, **kwargs):
    """An act page published: its document becomes a version if it is new."""
    page = instance
    if page.publications.filter(document_id=page.document_id).exists():
        return None
    reason = page.correction_reason.strip() if page.publications.exists() else ""
    return ActPublication.objects.create(page=page, document_id=page.document_id, reason=reason)
