"""/recherche/?q=…: every kind of content at once, a few results each, grouped by kind;
?type=<kind> lists one kind, page by page.

Query count is fixed: two queries (count and items) per kind, whatever the number of results.
"""

from django.core.paginator import Paginator
from django.shortcuts import render

from portal.search.registry import get_source, sources

MAX_QUERY_LENGTH = 100
PER_KIND = 5
PER_PAGE = 20


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    source = get_source(request.GET.get("type", ""))
    context = {"query": query, "source": source, "groups": [], "page_obj": None}
    if query and source is not None:
        page_obj = Paginator(source.search(request, query), PER_PAGE).get_page(
            request.GET.get("page")
        )
        context["page_obj"] = page_obj
        context["groups"] = [
            {
                "source": source,
                "items": list(page_obj.object_list),
                "count": page_obj.paginator.count,
            }
        ]
    elif query:
        for each in sources():
            results = each.search(request, query)
            count = results.count()
            if count:
                context["groups"].append(
                    {"source": each, "items": list(results[:PER_KIND]), "count": count}
                )
    context["total"] = sum(group["count"] for group in context["groups"])
    return render(request, "portal/search/results.html", context)
