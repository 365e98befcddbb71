"""Portal pages and site settings (Wagtail)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import BaseStreamBlock


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    authority_name = models.CharField(_("nom de la collectivité"), max_length=200, default="Parvis")
    territory = models.ForeignKey(
        "civic.Territory",
        verbose_name=_("territoire du portail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("La racine du portail, par exemple le département de l'Oise."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.TextField(_("adresse postale"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("courriel de contact"), blank=True)
    dpo_contact = models.CharField(
        _("contact du délégué à la protection des données"),
        max_length=300,
        blank=True,
        help_text=_("Adresse électronique ou postale du DPO."),
    )

    charter_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("charte de participation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("La page des règles que chacun accepte avant de participer."),
    )

    class AccessibilityStatus(models.TextChoices):
        # The three wordings of the RGAA for the footer mention « Accessibilité : … ».
        NON_COMPLIANT = "non", _("non conforme")
        PARTIALLY_COMPLIANT = "partiellement", _("partiellement conforme")
        FULLY_COMPLIANT = "totalement", _("totalement conforme")

    accessibility_status = models.CharField(
        _("état de conformité au RGAA"),
        max_length=20,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.NON_COMPLIANT,
        help_text=_(
            "Affiché dans le pied de page : « Accessibilité : non, partiellement ou totalement "
            "conforme ». Sans audit, le portail est « non conforme »."
        ),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("déclaration d'accessibilité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("authority_name"), FieldPanel("territory"), FieldPanel("logo")],
            heading=_("Identité"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")],
            heading=_("Coordonnées"),
        ),
        MultiFieldPanel([FieldPanel("charter_page")], heading=_("Participation")),
        MultiFieldPanel(
            [
                FieldPanel("dpo_contact"),
                FieldPanel("accessibility_status"),
                FieldPanel("accessibility_page"),
            ],
            heading=_("Données personnelles et accessibilité"),
        ),
    ]

    class Meta:
        verbose_name = _("réglages du portail")


class HomePage(Page):
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
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")


class StandardPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["child_pages"] = self.get_children().live().public().specific()
        return context

    class Meta:
        verbose_name = _("page standard")
