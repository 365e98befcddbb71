"""Pre-election periods (article L52-1 of the electoral code): in the six months before an
election, no campaign may promote the council's achievements. Staff declare the period; during
it, news pages and the posts of the elected officials it covers get a second review."""

from datetime import date
from typing import TYPE_CHECKING, Self

from django.core.cache import cache
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.territories.models import Territory

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class ElectionPeriodQuerySet(models.QuerySet["ElectionPeriod"]):
    def current(self, on: date | None = None) -> Self:
        day = on or timezone.localdate()
        return self.filter(starts_on__lte=day, election_on__gte=day)

    def covering(self, territory: Territory) -> Self:
        """Periods of an election in `territory` or in a territory that contains it."""
        return self.filter(territory__in=Territory.objects.containing(territory))


class ElectionPeriod(models.Model):
    name = models.CharField(
        _("élection"), max_length=200, help_text=_("Par exemple : Élections départementales 2028.")
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire de l'élection"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(
        _("début de la période"),
        help_text=_("En général le premier jour du sixième mois avant le scrutin."),
    )
    election_on = models.DateField(_("date du scrutin (dernier tour)"))

    objects = ElectionPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("période préélectorale")
        verbose_name_plural = _("périodes préélectorales")
        ordering = ["-starts_on"]

    def __str__(self):
        return self.name


CURRENT_KEY = "civic:election-periods:{}"


def current_periods() -> list[ElectionPeriod]:
    """Today's periods, from the cache: every post asks, and most days there are none."""
    key = CURRENT_KEY.format(timezone.localdate().isoformat())
    periods: list[ElectionPeriod] | None = cache.get_or_set(
        key, lambda: list(ElectionPeriod.objects.current()), 60 * 60
    )
    return periods or []


@receiver(post_save, sender=ElectionPeriod, dispatch_uid="civic_election_periods_changed")
@receiver(post_delete, sender=ElectionPeriod, dispatch_uid="civic_election_periods_gone")
def forget_current_periods(**kwargs: object) -> None:
    cache.delete(CURRENT_KEY.format(timezone.localdate().isoformat()))


def pre_election_review(user: "User") -> ElectionPeriod | None:
    """The current period that covers this verified elected official's mandate, if any."""
    if not current_periods():
        return None
    profile = getattr(user, "profile", None)
    if (
        profile is None
        or profile.kind != profile.Kind.ELECTED
        or not profile.is_verified
        or profile.mandate_territory_id is None
    ):
        return None
    return ElectionPeriod.objects.current().covering(profile.mandate_territory).first()
