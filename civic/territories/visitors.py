"""Whose commune is this visit about: a member's home commune, or the one an anonymous visitor
chose on « Près de chez moi » (kept in the session). Shared with the portal's targeting."""

from civic.people.models import Profile
from civic.territories.models import Territory
from civic.territories.proximity import DEFAULT_FRESHNESS_DAYS, EPCI, Vicinity, fresh_since
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


AREA_PARAM = "territory"


def home_area(request):
    """The visitor's area, which listings open on: their commune's intercommunality (the
    commune itself when it has none), or None when no commune is chosen."""
    vicinity = visitor_vicinity(request)
    if vicinity is None:
        return None
    epcis = vicinity.levels.get(EPCI, ())
    pk = epcis[0] if epcis else vicinity.commune_id
    return Territory.objects.filter(pk=pk).first()


def listing_data(request):
    """(data, area): the listing's query, opened on the visitor's area when it names no place
    (`?territory=` empty asks for the whole territory), and that area (None when not applied)."""
    data = request.GET
    if AREA_PARAM in data:
        return data or None, None
    area = home_area(request)
    if area is None:
        return data or None, None
    data = data.copy()
    data[AREA_PARAM] = str(area.pk)
    return data, area


def whole_territory_url(request):
    """The same listing over the whole territory, from its first page."""
    query = request.GET.copy()
    query.pop("page", None)
    query[AREA_PARAM] = ""
    return f"{request.path}?{query.urlencode()}"


def home_area_context(request, area):
    """What civic/includes/home_area.html shows: the area applied and the way out of it."""
    if area is None:
        return {"home_area": None}
    return {"home_area": area, "whole_territory_url": whole_territory_url(request)}
