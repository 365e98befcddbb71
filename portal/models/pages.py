"""Editorial pages: the home page, standard pages and section (policy area) landing pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from civic.common.text import normalize
from portal.blocks.content import BaseStreamBlock
from portal.visibility import RememberedRestrictionsMixin, public


class PlainTextSearchMixin:
    """Indexes an accent-free copy of the page's text, so that "ete" finds "été" on every
    database (PostgreSQL's French configuration stems words but keeps their accents)."""

    plain_text_fields = ("title", "introduction", "body")

    def search_plain_text(self):
        parts = []
        for name in self.plain_text_fields:
            value = getattr(self, name, "")
            field = self._meta.get_field(name)
            if isinstance(field, StreamField):
                parts.extend(str(part) for part in field.get_searchable_content(value))
            else:
                parts.append(str(value or ""))
        return normalize(" ".join(parts))


PLAIN_TEXT_SEARCH_FIELDS = [
    index.SearchField("introduction"),
    index.SearchField("body"),
    index.SearchField("search_plain_text"),
]


class HomePage(RememberedRestrictionsMixin, PlainTextSearchMixin, Page):
    heading = models.CharField(
        _("titre affiché"),
        max_length=200,
        blank=True,
        help_text=_("Le titre principal de la page d'accueil. À défaut, le titre de la page."),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("heading"),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, *PLAIN_TEXT_SEARCH_FIELDS]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "portal.StandardPage",
        "portal.SectionPage",
        "portal.NewsIndexPage",
        "portal.ContactPage",
        "portal.ActsIndexPage",
        "portal.TribunesPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")


class StandardPage(RememberedRestrictionsMixin, PlainTextSearchMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, *PLAIN_TEXT_SEARCH_FIELDS]

    parent_page_types = ["portal.HomePage", "portal.StandardPage", "portal.SectionPage"]
    subpage_types = ["portal.StandardPage", "portal.ContactPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["child_pages"] = public(self.get_children().live()).specific()
        return context

    class Meta:
        verbose_name = _("page standard")


class SectionPage(RememberedRestrictionsMixin, PlainTextSearchMixin, Page):
    """The landing page of a policy area (mobility, youth, environment…) and its pages."""

    introduction = models.TextField(_("introduction"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image d'en-tête"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_("Laisser vide si l'image est décorative."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, *PLAIN_TEXT_SEARCH_FIELDS]

    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types = [
        "portal.StandardPage",
        "portal.SectionPage",
        "portal.NewsIndexPage",
        "portal.ContactPage",
        "portal.ActsIndexPage",
        "portal.TribunesPage",
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["child_pages"] = public(self.get_children().live()).specific()
        return context

    class Meta:
        verbose_name = _("rubrique")
        verbose_name_plural = _("rubriques")
