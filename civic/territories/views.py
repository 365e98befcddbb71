"""Public views over the territories: the commune lookup (HTML page and JSON for autocomplete)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from civic.common.redirects import next_url
from civic.territories.models import Territory
from civic.territories.outlines import outline_path
from civic.territories.settings import root_territory

COMMUNES_PER_PAGE = 20
MAX_QUERY_LENGTH = 100


def _departement_code(commune):
    return commune.parent.code if commune.parent_id else ""


def commune_search(request):
    """Communes matching `q` (name without accents or case, postal code, INSEE code), 20 a page,
    limited to the portal's territory. `?format=json` answers the same page in JSON.

    Two queries whatever the number of results: the count and the page (département included).
    """
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    root = root_territory(request)
    if "\x00" in query:
        # PostgreSQL refuses NUL in a query's parameters: nothing is searched.
        error = _("La recherche contient un caractère non autorisé.")
        if request.GET.get("format") == "json":
            return JsonResponse(
                {"error": error}, status=400, json_dumps_params={"ensure_ascii": False}
            )
        messages.error(request, error)
        context = {"query": "", "page_obj": None, "results": [], "root": root}
        return render(request, "civic/commune_search.html", context, status=400)
    communes = Territory.objects.communes().search(query).select_related("parent")
    if root is not None:
        communes = communes.within(root)
    page_obj = Paginator(communes, COMMUNES_PER_PAGE).get_page(request.GET.get("page"))
    results = list(page_obj)

    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "results": [
                    {
                        "code": commune.code,
                        "name": commune.name,
                        "departement": _departement_code(commune),
                        "postal_codes": commune.postal_code_list,
                        "label": f"{commune.name} ({_departement_code(commune)})",
                    }
                    for commune in results
                ],
                "page": page_obj.number,
                "num_pages": page_obj.paginator.num_pages,
                "count": page_obj.paginator.count,
            },
            json_dumps_params={"ensure_ascii": False},
        )
    return render(
        request,
        "civic/commune_search.html",
        {"query": query, "page_obj": page_obj, "results": results, "root": root},
    )


@cache_control(public=True, max_age=86400)
def outlines(request, code):
    """/territoires/contours/<département>.geojson: the shipped outlines of one département."""
    path = outline_path(code)
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), content_type="application/geo+json")


PLACES_SHOWN = 10


def _back_to(request, territory):
    """The listing the visitor came from (`next`, a path on this site), with this place chosen."""
    target = next_url(request)
    if not target:
        return ""
    path, _sep, query = target.partition("?")
    params = QueryDict(query, mutable=True)
    params.pop("page", None)
    params["territory"] = str(territory.pk)
    return f"{path}?{params.urlencode()}"


def place_search(request):
    """The « Où » search: communes, intercommunalities and quartiers of the portal's territory
    by name (accents and case aside) or postal code, exact names then the most populous first.
    `?format=json` answers the combobox; the HTML page is its no-JavaScript version, each result
    a link back to the listing of `next` with that place chosen. Two queries: the settings'
    territory and the results (see docs/performance.md for the trigram index on PostgreSQL)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH].replace("\x00", "")
    root = root_territory(request)
    places = Territory.objects.places(query)
    if root is not None:
        places = places.within(root)
    results = list(places.select_related("parent")[:PLACES_SHOWN])
    if request.GET.get("format") == "json":
        kinds = dict(Territory.Kind.choices)
        return JsonResponse(
            {
                "results": [
                    {
                        "id": place.pk,
                        "name": place.name,
                        "kind": str(kinds[place.kind]),
                        "label": place_label(place, kinds),
                        "postal_codes": place.postal_code_list,
                    }
                    for place in results
                ]
            },
            json_dumps_params={"ensure_ascii": False},
        )
    return render(
        request,
        "civic/place_search.html",
        {
            "query": query,
            "results": [(place, _back_to(request, place)) for place in results],
            "next": next_url(request),
            "root": root,
        },
    )


def place_label(place, kinds):
    """ "Creil (60100) — Commune", "Le Plateau, Creil — Quartier": what the combobox shows."""
    name = place.name
    if place.kind == Territory.Kind.COMMUNE and place.postal_codes:
        name = f"{name} ({place.postal_code_list[0]})"
    elif place.kind == Territory.Kind.QUARTIER and place.parent_id:
        name = f"{name}, {place.parent.name}"
    return f"{name} — {kinds[place.kind]}"
