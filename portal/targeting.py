"""Whose commune is this visit about? The news index and the « Actualités » block ask here.

A signed-in member's commune is the one on their profile; an anonymous visitor's is the one
they chose on « Près de chez moi », kept in the session under `civic_commune_id`.
"""

from django.db import models

from civic.models import Territory

SESSION_COMMUNE_KEY = "civic_commune_id"
_CACHE = "_portal_visitor_commune"
_AREA_CACHE = "_portal_visitor_area_ids"


def visitor_commune(request):
    """The visitor's commune (a `civic.Territory`), or None. Asked once per request."""
    if request is None:
        return None
    if hasattr(request, _CACHE):
        return getattr(request, _CACHE)
    commune = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        profile = getattr(user, "profile", None)
        if profile is not None and profile.home_commune_id:
            commune = profile.home_commune
    if commune is None and hasattr(request, "session"):
        commune_id = request.session.get(SESSION_COMMUNE_KEY)
        if commune_id:
            try:
                commune = Territory.objects.filter(pk=int(commune_id)).first()
            except (TypeError, ValueError):
                commune = None
    setattr(request, _CACHE, commune)
    return commune


def visitor_area_ids(request):
    """The ids of the visitor's commune and of every territory containing it (empty if unknown)."""
    if request is None:
        return []
    if not hasattr(request, _AREA_CACHE):
        commune = visitor_commune(request)
        ids = (
            list(Territory.objects.containing(commune).values_list("pk", flat=True))
            if commune is not None
            else []
        )
        setattr(request, _AREA_CACHE, ids)
    return getattr(request, _AREA_CACHE)


def local_first(queryset, request, *, field="territory"):
    """`queryset` annotated with `is_local` (targets the visitor's area), local items first.

    Items targeting nothing or another area keep their place after them: nothing is hidden.
    """
    ids = visitor_area_ids(request)
    if ids:
        is_local = models.Case(
            models.When(**{f"{field}__in": ids}, then=models.Value(True)),
            default=models.Value(False),
            output_field=models.BooleanField(),
        )
    else:
        is_local = models.Value(False, output_field=models.BooleanField())
    return queryset.annotate(is_local=is_local).order_by("-is_local", *queryset.query.order_by)
