"""What staff set for the participation of a site: the council's name, its territory, its charter."""

from django import forms
from django.conf import settings as django_settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from civic.identity.levels import Action, Requirement


def _level_field_name(action):
    return f"required_level_{action}"


class _RequiredLevelsForm(WagtailAdminModelForm):
    """One choice per action, kept together in `required_levels` ({action: requirement})."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.required_levels or {}
        for action in Action.values:
            self.initial.setdefault(
                _level_field_name(action), stored.get(action, Requirement.DECLARED)
            )

    def save(self, commit=True):
        self.instance.required_levels = {
            action: self.cleaned_data[_level_field_name(action)] for action in Action.values
        }
        return super().save(commit=commit)


RequiredLevelsForm = type(
    "RequiredLevelsForm",
    (_RequiredLevelsForm,),
    {
        _level_field_name(action): forms.ChoiceField(
            label=label, choices=Requirement.choices, initial=Requirement.DECLARED
        )
        for action, label in Action.choices
    },
)


@register_setting(icon="group")
class CivicSettings(BaseSiteSetting):
    authority_name = models.CharField(_("nom de la collectivité"), max_length=200, default="Parvis")
    allow_initial_names = models.BooleanField(
        _("noms abrégés permis aux habitants certifiés"),
        default=True,
        help_text=_(
            "Un habitant dont FranceConnect a certifié l'identité peut alors s'afficher « Camille "
            "D. » plutôt que « Camille Durand » : le portail connaît son nom complet."
        ),
    )
    # The agenda's feeds show the authority's name: their Last-Modified follows this.
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    territory = models.ForeignKey(
        "civic.Territory",
        verbose_name=_("territoire du portail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("La racine du portail, par exemple le département de l'Oise."),
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

    local_freshness_days = models.PositiveSmallIntegerField(
        _("fraîcheur des informations locales (jours)"),
        default=30,
        help_text=_(
            "Une actualité ou une discussion visant la commune du visiteur (ou son "
            "intercommunalité, son département) passe avant les autres pendant ce nombre de jours. "
            "0 : toujours."
        ),
    )

    required_levels = models.JSONField(
        _("niveaux d'identité exigés"),
        default=dict,
        blank=True,
        help_text=_("Le niveau de confiance exigé pour chaque action, par action."),
    )

    base_form_class = RequiredLevelsForm
    panels = [
        FieldPanel("authority_name"),
        FieldPanel("territory"),
        FieldPanel("allow_initial_names"),
        FieldPanel("charter_page"),
        FieldPanel("local_freshness_days"),
        MultiFieldPanel(
            [FieldPanel(_level_field_name(action)) for action in Action.values],
            heading=_("Niveau d'identité exigé pour agir"),
            help_text=_(
                "Par défaut, une adresse confirmée suffit. Exiger FranceConnect ou un profil "
                "vérifié réserve l'action aux personnes dont l'identité a été vérifiée ; la page "
                "explique aux autres comment atteindre ce niveau."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("réglages de la participation")

    @classmethod
    def for_site(cls, site):
        """As BaseSiteSetting.for_site, with the territory joined: most pages read it."""
        return cls.objects.select_related("territory").get_or_create(site=site)[0]

    @classmethod
    def current(cls, request=None):
        """The settings of the request's site (kept on the request), or of the default site."""
        if request is not None:
            return cls.for_request(request)
        site = Site.objects.filter(is_default_site=True).first()
        return cls.for_site(site) if site is not None else None


def root_territory(request=None):
    """The portal's territory (a département, an EPCI, a commune…), or None for all of France."""
    settings = CivicSettings.current(request)
    return settings.territory if settings is not None else None


def authority_name(request=None):
    """Who « the council » is, as the organiser of its events and the owner of the portal."""
    settings = CivicSettings.current(request)
    name = settings.authority_name if settings is not None else ""
    return name or django_settings.WAGTAIL_SITE_NAME


def charter_url(request=None):
    """The address of the charter every participant accepts, or "" while none is published."""
    settings = CivicSettings.current(request)
    page = settings.charter_page if settings is not None else None
    return page.url if page is not None and page.live else ""
