"""/recherche/?q=…: every kind of content at once, a few results each, grouped by kind;
?type=<kind> lists one kind, page by page.

Query count is fixed: two queries (count and items) per kind, whatever the number of results.
Counts stop at 1,000 (« plus de 1 000 »), as the agenda's do, and at 100 on the overview of every
kind: counting every match of a common word grows with the data.
"""

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _

from civic.common.pagination import CappedPaginator
from portal.search.registry import get_source, sources
from portal.search.sources import LEVEL_PARAMETER, PUBLIC_LEVELS

MAX_QUERY_LENGTH = 100
PER_KIND = 5
PER_PAGE = 20
# The overview shows five of each kind, so it counts each only up to 100 (« plus de 100 »), which
# costs the same at any scale; a kind's own list counts further.
OVERVIEW_CAP = 100


def _group(source, paginator, items):
    """One kind's results as the page shows them, with its (capped) count."""
    return {
        "source": source,
        "items": list(items),
        "count": paginator.count,
        "capped": paginator.is_capped,
    }


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    source = get_source(request.GET.get("type", ""))
    context = {
        "query": query,
        "source": source,
        "groups": [],
        "page_obj": None,
        "levels": [(level.value, level.label) for level in PUBLIC_LEVELS],
        "level": request.GET.get(LEVEL_PARAMETER, ""),
    }
    if "\x00" in query:
        # PostgreSQL refuses NUL in a query's parameters: nothing is searched.
        messages.error(request, _("La recherche contient un caractère non autorisé."))
        context.update(query="", total=0, capped=False)
        return render(request, "portal/search/results.html", context, status=400)
    if query and source is not None:
        paginator = CappedPaginator(source.search(request, query), PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        context["page_obj"] = page_obj
        context["groups"] = [_group(source, paginator, page_obj.object_list)]
    elif query:
        for each in sources():
            results = each.search(request, query)
            # Its count only: the first few are shown.
            paginator = CappedPaginator(results, PER_KIND, cap=OVERVIEW_CAP)
            if paginator.count:
                context["groups"].append(_group(each, paginator, results[:PER_KIND]))
    context["total"] = sum(group["count"] for group in context["groups"])
    # The total is then a lower bound: « plus de ».
    context["capped"] = any(group["capped"] for group in context["groups"])
    return render(request, "portal/search/results.html", context)
