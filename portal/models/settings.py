"""Site settings staff edit without a developer: identity, legal pages, menus and links."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from portal.blocks.navigation import MenuLinkBlock, SocialLinkBlock
from portal.page_cache import ALL, remember
from portal.theme import (
    AA_TEXT,
    DEFAULT_THEME,
    FONTS,
    HEX,
    THEMES,
    WHITE,
    contrast,
    nearest_passing,
)

# The council's name is civic's (CivicSettings), read with the layout's other rows.
LAYOUT_RELATIONS = (
    "logo",
    "accessibility_page",
    "accessibility_multiyear_plan_page",
    "accessibility_action_plan_page",
    "legal_notice_page",
    "privacy_page",
    "site__civicsettings",
)


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    theme = models.CharField(
        _("thème"),
        max_length=30,
        choices=[(key, value.label) for key, value in THEMES.items()],
        default=DEFAULT_THEME,
        help_text=_(
            "Un point de départ : vos couleurs et votre police, si vous les choisissez, le remplacent."
        ),
    )
    primary_colour = models.CharField(
        _("couleur principale"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(HEX, _("Une couleur au format #rrvvbb, par exemple #0b4a6f."))],
        help_text=_("Liens et boutons. Laisser vide pour celle du thème."),
    )
    secondary_colour = models.CharField(
        _("couleur secondaire"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(HEX, _("Une couleur au format #rrvvbb, par exemple #1f2a36."))],
        help_text=_(
            "Le fond du pied de page, sous un texte blanc. Laisser vide pour celle du thème."
        ),
    )
    font = models.CharField(
        _("police"),
        max_length=30,
        blank=True,
        choices=[(key, value.family) for key, value in FONTS.items()],
        help_text=_(
            "Des polices libres, servies par le portail lui-même. Laisser vide pour celle du thème."
        ),
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

    class AccessibilityStatus(models.TextChoices):
        # The three wordings of the RGAA for the footer mention « Accessibilité : … ».
        NON_COMPLIANT = "non", _("non conforme")
        PARTIALLY_COMPLIANT = "partiellement", _("partiellement conforme")
        FULLY_COMPLIANT = "totalement", _("totalement conforme")

    accessibility_rate = models.DecimalField(
        _("taux de conformité au RGAA (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Le taux de critères respectés mesuré par le dernier audit. Il donne la mention du "
            "pied de page : 100 % « totalement conforme », 50 % et plus « partiellement "
            "conforme », moins de 50 % ou sans audit « non conforme »."
        ),
    )

    @property
    def accessibility_status(self):
        """The RGAA's wording for the conformance rate: at least 50 % is « partiellement »."""
        rate = self.accessibility_rate
        if rate is None or rate < 50:
            return self.AccessibilityStatus.NON_COMPLIANT
        if rate >= 100:
            return self.AccessibilityStatus.FULLY_COMPLIANT
        return self.AccessibilityStatus.PARTIALLY_COMPLIANT

    def get_accessibility_status_display(self):
        return self.accessibility_status.label

    @property
    def accessibility_plans(self):
        """The multi-year plan and the year's action plan, where published (RGAA's duties)."""
        plans = (self.accessibility_multiyear_plan_page, self.accessibility_action_plan_page)
        return [plan for plan in plans if plan is not None and plan.live]

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
    accessibility_multiyear_plan_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("schéma pluriannuel de mise en accessibilité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_action_plan_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("plan d'action de l'année"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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

    # Menus and links live here rather than in a setting of their own: the layout reads this
    # setting on every page already, so they cost no query until a page is chosen in them.
    main_menu = StreamField(
        [("link", MenuLinkBlock())],
        verbose_name=_("menu principal"),
        blank=True,
        help_text=_(
            "Sans lien ici, le menu affiche les pages placées sous l'accueil et cochées « Afficher "
            "dans les menus »."
        ),
    )
    footer_links = StreamField(
        [("link", MenuLinkBlock())],
        verbose_name=_("liens du pied de page"),
        blank=True,
        help_text=_(
            "Sans lien ici, le pied de page affiche les pages placées sous l'accueil qui ne sont "
            "pas dans le menu. Les mentions légales et la page des données personnelles choisies "
            "ci-contre y figurent toujours."
        ),
    )
    social_links = StreamField(
        [("network", SocialLinkBlock())], verbose_name=_("réseaux sociaux"), blank=True
    )

    @classmethod
    def for_site(cls, site):
        """Kept in the shared cache until the next change the layout shows, with the logo and
        pages it reads on every page, so that they cost no query."""

        def load():  # as BaseSiteSetting.for_site, with the relations joined
            return cls.objects.select_related(*LAYOUT_RELATIONS).get_or_create(site=site)[0]

        return remember(f"settings:{site.pk}", load, tags=(ALL,))

    def clean(self):
        super().clean()
        errors = {}
        for name in ("primary_colour", "secondary_colour"):
            colour = getattr(self, name).lower()
            if not HEX.match(colour):
                continue
            ratio = contrast(colour, WHITE)
            if ratio < AA_TEXT:
                errors[name] = _(
                    "Cette couleur n'offre qu'un contraste de %(ratio)s:1 avec le blanc, sous les "
                    "4,5:1 que demande le niveau AA pour un texte courant (3:1 ne suffit qu'aux "
                    "grands titres) : liens et boutons seraient difficiles à lire. La teinte la "
                    "plus proche qui convient est %(nearest)s."
                ) % {
                    "ratio": f"{ratio:.1f}".replace(".", ","),
                    "nearest": nearest_passing(colour),
                }
        if errors:
            raise ValidationError(errors)

    def theme_values(self):
        """(primary colour, secondary colour, Font): staff's choices, else their theme's."""
        theme = THEMES.get(self.theme, THEMES[DEFAULT_THEME])
        return (
            self.primary_colour.lower() or theme.primary,
            self.secondary_colour.lower() or theme.secondary,
            FONTS[self.font or theme.font],
        )

    @property
    def theme_version(self):
        """Changes with the colours and font: the theme stylesheet's address carries it."""
        primary, secondary, font = self.theme_values()
        return hashlib.sha256(f"{primary}{secondary}{font.family}".encode()).hexdigest()[:12]

    @property
    def authority_name(self):
        """The council's name, as staff set it in the participation's settings ("" if unset)."""
        civic = getattr(self.site, "civicsettings", None)
        return civic.authority_name if civic is not None else ""

    settings_panels = [
        MultiFieldPanel(
            [
                FieldPanel("logo"),
                FieldPanel("theme"),
                FieldPanel("primary_colour"),
                FieldPanel("secondary_colour"),
                FieldPanel("font"),
            ],
            heading=_("Identité"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")],
            heading=_("Coordonnées"),
        ),
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
                FieldPanel("accessibility_rate"),
                FieldPanel("accessibility_page"),
                FieldPanel("accessibility_multiyear_plan_page"),
                FieldPanel("accessibility_action_plan_page"),
                FieldPanel("accessibility_audit_date"),
                FieldPanel("accessibility_contact"),
            ],
            heading=_("Accessibilité (RGAA)"),
        ),
    ]
    navigation_panels = [
        FieldPanel("main_menu"),
        FieldPanel("footer_links"),
        FieldPanel("social_links"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(settings_panels, heading=_("Réglages")),
            ObjectList(navigation_panels, heading=_("Menus et liens")),
        ]
    )

    class Meta:
        verbose_name = _("réglages du portail")
