"""Public views over the territories: the commune lookup (HTML page and JSON for autocomplete)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

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
