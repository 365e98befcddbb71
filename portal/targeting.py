"""Whose commune is this visit about? The news index and the « Actualités » block ask here.

A signed-in member's commune is the one on their profile; an anonymous visitor's is the one
they chose on « Près de chez moi », kept in the session under `civic_commune_id`.
"""

from django.db import models

from civic.territories.models import Territory
from civic.territories.visitors import SESSION_KEY, visitor_commune

SESSION_COMMUNE_KEY = SESSION_KEY
_AREA_CACHE = "_portal_visitor_area_ids"


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
