"""/recherche/?q=…: every kind of content at once, a few results each, grouped by kind;
?type=<kind> lists one kind, page by page.

Query count is fixed: two queries (count and items) per kind, whatever the number of results.
Counts stop at 1,000 (« plus de 1 000 »), as the agenda's do: counting every discussion holding
a common word grows with the data (3,392 for « jardin partagé » at département scale).
"""

from django.shortcuts import render

from civic.pagination import CappedPaginator
from portal.search.registry import get_source, sources

MAX_QUERY_LENGTH = 100
PER_KIND = 5
PER_PAGE = 20


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
    context = {"query": query, "source": source, "groups": [], "page_obj": None}
    if query and source is not None:
        paginator = CappedPaginator(source.search(request, query), PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        context["page_obj"] = page_obj
        context["groups"] = [_group(source, paginator, page_obj.object_list)]
    elif query:
        for each in sources():
            results = each.search(request, query)
            paginator = CappedPaginator(results, PER_KIND)  # its count only: the first few shown
            if paginator.count:
                context["groups"].append(_group(each, paginator, results[:PER_KIND]))
    context["total"] = sum(group["count"] for group in context["groups"])
    # The total is then a lower bound: « plus de ».
    context["capped"] = any(group["capped"] for group in context["groups"])
    return render(request, "portal/search/results.html", context)
