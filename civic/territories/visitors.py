"""Whose commune is this visit about: a member's home commune, or the one an anonymous visitor
chose on « Près de chez moi » (kept in the session). Shared with the portal's targeting."""

from civic.people.models import Profile
from civic.territories.models import Territory
from civic.territories.proximity import DEFAULT_FRESHNESS_DAYS, Vicinity, fresh_since
from civic.territories.settings import CivicSettings

SESSION_KEY = "civic_commune_id"
_CACHE = "_civic_visitor_commune"
_VICINITY_CACHE = "_civic_visitor_vicinity"


def visitor_commune(request):
    """The visitor's commune (a `Territory`), or None. Asked once per request."""
    if request is None:
        return None
    if hasattr(request, _CACHE):
        return getattr(request, _CACHE)
    commune = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        profile = _profile_with_commune(user)
        if profile is not None and profile.home_commune_id:
            commune = profile.home_commune
    if commune is None and hasattr(request, "session"):
        commune_id = request.session.get(SESSION_KEY)
        if commune_id:
            try:
                commune = Territory.objects.communes().filter(pk=int(commune_id)).first()
            except (TypeError, ValueError):
                commune = None
    setattr(request, _CACHE, commune)
    return commune


def _profile_with_commune(user):
    """The member's profile with its home commune, in one query, kept on the user as
    `user.profile` would be (the page reads both)."""
    if user._meta.model.profile.is_cached(user):
        return user.profile
    profile = Profile.objects.select_related("home_commune").filter(user=user).first()
    if profile is not None:
        user.profile = profile
    return profile


def visitor_vicinity(request):
    """The territories around the visitor's commune by level (a `Vicinity`), or None. One query,
    once per request."""
    if request is None:
        return None
    if not hasattr(request, _VICINITY_CACHE):
        commune = visitor_commune(request)
        setattr(request, _VICINITY_CACHE, Vicinity.of(commune) if commune is not None else None)
    return getattr(request, _VICINITY_CACHE)


def freshness_since(request=None):
    """The first day of the freshness window staff set: local items older than it no longer
    come before the rest."""
    settings = CivicSettings.current(request)
    days = settings.local_freshness_days if settings is not None else DEFAULT_FRESHNESS_DAYS
    return fresh_since(days)
