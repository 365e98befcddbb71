"""Whether a person's level of trust allows an action staff reserved to a level.

`has_required_level(user, action)` is the one question every feature asks (posting, creating a
group, and later registering to an event, supporting a proposal, signing a petition);
`refusal(user, action)` says why not and how to reach the level, for the page that refuses.
"""

from dataclasses import dataclass

from django.core.cache import cache

from civic.identity.levels import (
    EXPLANATIONS,
    HOW_TO_REACH,
    REQUIREMENT_TARGET,
    Action,
    Requirement,
    TrustLevel,
    satisfies,
)
from civic.people.permissions import has_confirmed_email, is_member

REQUIRED_LEVELS_CACHE_KEY = "civic:identity:required-levels"


def required_levels() -> dict[str, str]:
    """{action: requirement} of the default site's settings, every action present. Kept in the
    cache (emptied when staff save the settings): every page that may show a form asks."""
    levels = cache.get(REQUIRED_LEVELS_CACHE_KEY)
    if levels is None:
        from civic.territories.settings import CivicSettings

        settings = CivicSettings.current()
        stored = (settings.required_levels if settings is not None else None) or {}
        levels = {
            action: stored.get(action)
            if stored.get(action) in Requirement.values
            else Requirement.DECLARED
            for action in Action.values
        }
        cache.set(REQUIRED_LEVELS_CACHE_KEY, levels, 60 * 60)
    return levels


def required_level(action: str) -> str:
    return required_levels()[Action(action)]


def level_of_user(user) -> str:
    if not is_member(user):
        return TrustLevel.UNCONFIRMED
    profile = getattr(user, "profile", None)
    level = profile.trust_level if profile is not None else TrustLevel.DECLARED
    # The confirmed address as the signed-in account knows it (loaded with it, no query).
    if not has_confirmed_email(user):
        return TrustLevel.UNCONFIRMED
    if level == TrustLevel.UNCONFIRMED:
        return TrustLevel.DECLARED
    return level


def has_required_level(user, action: str) -> bool:
    """Whether `user` has the level staff require for `action` (superusers always have it)."""
    if not is_member(user):
        return False
    if user.is_superuser:
        return True
    requirement = required_level(action)
    if requirement == Requirement.DECLARED:
        # The default: a confirmed address, known without reading the profile.
        return has_confirmed_email(user)
    return satisfies(level_of_user(user), requirement)


@dataclass(frozen=True)
class Refusal:
    action: str
    requirement: str
    level: str

    @property
    def action_label(self):
        return Action(self.action).label

    @property
    def requirement_label(self):
        return Requirement(self.requirement).label

    @property
    def level_label(self):
        return TrustLevel(self.level).label

    @property
    def level_explanation(self):
        return EXPLANATIONS[TrustLevel(self.level)]

    @property
    def target(self):
        return REQUIREMENT_TARGET[Requirement(self.requirement)]

    @property
    def how_to_reach(self):
        return HOW_TO_REACH[self.target]


def refusal(user, action: str) -> Refusal | None:
    """Why a signed-in member may not act for lack of level, or None when the level suffices."""
    if not is_member(user) or has_required_level(user, action):
        return None
    return Refusal(action=action, requirement=required_level(action), level=level_of_user(user))
