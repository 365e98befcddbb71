"""What staff set for the participation of a site: its territory and its charter."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site


@register_setting(icon="group")
class CivicSettings(BaseSiteSetting):
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

    panels = [
        FieldPanel("territory"),
        FieldPanel("charter_page"),
        FieldPanel("local_freshness_days"),
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


def charter_url(request=None):
    """The address of the charter every participant accepts, or "" while none is published."""
    settings = CivicSettings.current(request)
    page = settings.charter_page if settings is not None else None
    return page.url if page is not None and page.live else ""
