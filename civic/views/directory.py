from django.core.paginator import Paginator
from django.shortcuts import render

from civic.filters import DirectoryFilter
from civic.models import Profile

PAGE_SIZE = 20


def directory(request):
    """/annuaire/: associations, elected officials and (for members) citizens, by kind, place and text."""
    visible = Profile.objects.visible_to(request.user).with_related().order_by("display_name", "pk")
    filterset = DirectoryFilter(request.GET or None, queryset=visible, request=request)
    results = filterset.qs if filterset.is_bound and filterset.is_valid() else visible
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "civic/directory.html",
        {"filter": filterset, "page_obj": page, "results": page.object_list},
    )
