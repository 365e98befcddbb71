"""Whose commune is this visit about: a member's home commune, or the one an anonymous visitor
chose on « Près de chez moi » (kept in the session). Shared with the portal's targeting."""

from civic.people.models import Profile
from civic.territories.models import Territory

SESSION_KEY = "civic_commune_id"
_CACHE = "_civic_visitor_commune"


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
