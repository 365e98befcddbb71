"""Following and unfollowing territories, themes, categories and groups (people: civic.Follow)."""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civic.dialogue.permissions import participates
from civic.feed.models import Interest

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Enough for anyone; a bound keeps « Mon fil »'s queries' lists of keys short.
MAX_INTERESTS = 200


def is_following(*, user: "User", kind: str, target_id: int) -> bool:
    if not user.is_authenticated:
        return False
    return Interest.objects.filter(user=user, kind=kind, target_id=target_id).exists()


class CannotFollow(ValidationError):
    """The follow was refused; the message says why, in French."""


@transaction.atomic
def follow(*, user: "User", kind: str, target_id: int) -> bool:
    """Follow one thing; True when new. The caller checks that the target exists."""
    if not participates(user):
        raise CannotFollow(
            _("Confirmez d'abord votre adresse électronique : ensuite vous pourrez suivre.")
        )
    if kind not in Interest.Kind.values:
        raise CannotFollow(_("Nous n'avons pas compris ce que vous vouliez suivre."))
    if Interest.objects.filter(user=user).count() >= MAX_INTERESTS:
        raise CannotFollow(
            _("Vous suivez déjà %(max)d choses : cessez d'en suivre une pour en ajouter une autre.")
            % {"max": MAX_INTERESTS}
        )
    _interest, created = Interest.objects.get_or_create(user=user, kind=kind, target_id=target_id)
    return created


@transaction.atomic
def unfollow(*, user: "User", kind: str, target_id: int) -> bool:
    deleted, _rows = Interest.objects.filter(user=user, kind=kind, target_id=target_id).delete()
    return bool(deleted)
