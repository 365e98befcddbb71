"""Site settings staff edit without a developer: identity, legal pages, menus and links."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable


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
    accessibility_audit_date = models.DateField(
        _("date de la déclaration d'accessibilité"),
        null=True,
        blank=True,
        help_text=_("La date de l'audit ou de la dernière mise à jour de la déclaration."),
    )
    accessibility_contact = models.CharField(
        _("contact pour l'accessibilité"),
        max_length=300,
        blank=True,
        help_text=_(
            "Adresse électronique ou page de contact pour signaler un défaut d'accessibilité."
        ),
    )
    legal_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("mentions légales"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("données personnelles"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("La politique de confidentialité du portail."),
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
                FieldPanel("legal_notice_page"),
                FieldPanel("privacy_page"),
                FieldPanel("dpo_contact"),
            ],
            heading=_("Mentions légales et données personnelles"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("accessibility_status"),
                FieldPanel("accessibility_page"),
                FieldPanel("accessibility_audit_date"),
                FieldPanel("accessibility_contact"),
            ],
            heading=_("Accessibilité (RGAA)"),
        ),
    ]

    class Meta:
        verbose_name = _("réglages du portail")


class LinkFields(models.Model):
    """A link to a page of the portal or to another site, with an optional label."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page du portail"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    url = models.URLField(_("ou adresse externe"), blank=True)
    label = models.CharField(
        _("libellé"),
        max_length=80,
        blank=True,
        help_text=_("Par défaut, le titre de la page choisie."),
    )

    panels = [FieldPanel("page"), FieldPanel("url"), FieldPanel("label")]

    class Meta:
        abstract = True

    def __str__(self):
        return str(self.text)

    def clean(self):
        super().clean()
        if bool(self.page_id) == bool(self.url):
            message = _(
                "Choisissez une page du portail ou saisissez une adresse externe, pas les deux."
            )
            raise ValidationError({"page": message, "url": message})
        if self.url and not self.label:
            raise ValidationError(
                {"label": _("Donnez un libellé au lien vers une adresse externe.")}
            )

    @property
    def text(self):
        return self.label or (self.page.title if self.page_id else self.url)

    def get_href(self, request=None):
        if self.page_id:
            return self.page.get_url(request)
        return self.url


@register_setting(icon="list-ul")
class NavigationSettings(ClusterableModel, BaseSiteSetting):
    """The main menu, the footer links and the social networks, in the order staff choose."""

    panels = [
        InlinePanel(
            "main_menu_items",
            heading=_("Menu principal"),
            label=_("lien"),
            help_text=_(
                "Sans lien ici, le menu affiche les pages placées sous l'accueil et cochées "
                "« Afficher dans les menus »."
            ),
        ),
        InlinePanel(
            "footer_links",
            heading=_("Liens du pied de page"),
            label=_("lien"),
            help_text=_(
                "Sans lien ici, le pied de page affiche les pages placées sous l'accueil qui ne "
                "sont pas dans le menu (mentions légales, données personnelles…)."
            ),
        ),
        InlinePanel("social_links", heading=_("Réseaux sociaux"), label=_("réseau")),
    ]

    class Meta:
        verbose_name = _("menus et liens")


class MainMenuItem(Orderable, LinkFields):
    setting = ParentalKey(
        NavigationSettings, on_delete=models.CASCADE, related_name="main_menu_items"
    )

    class Meta(Orderable.Meta):
        verbose_name = _("lien du menu principal")


class FooterLink(Orderable, LinkFields):
    setting = ParentalKey(NavigationSettings, on_delete=models.CASCADE, related_name="footer_links")

    class Meta(Orderable.Meta):
        verbose_name = _("lien du pied de page")


class SocialLink(Orderable):
    class Network(models.TextChoices):
        MASTODON = "mastodon", "Mastodon"
        BLUESKY = "bluesky", "Bluesky"
        FACEBOOK = "facebook", "Facebook"
        INSTAGRAM = "instagram", "Instagram"
        LINKEDIN = "linkedin", "LinkedIn"
        YOUTUBE = "youtube", "YouTube"
        PEERTUBE = "peertube", "PeerTube"
        OTHER = "other", _("Autre")

    setting = ParentalKey(NavigationSettings, on_delete=models.CASCADE, related_name="social_links")
    network = models.CharField(_("réseau"), max_length=20, choices=Network.choices)
    url = models.URLField(_("adresse"))
    label = models.CharField(
        _("libellé"), max_length=80, blank=True, help_text=_("Par défaut, le nom du réseau.")
    )

    panels = [FieldPanel("network"), FieldPanel("url"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("réseau social")

    def __str__(self):
        return str(self.text)

    @property
    def text(self):
        return self.label or self.get_network_display()
