from django.core.paginator import Paginator
from django.shortcuts import render

from civic.dialogue.models.groups import CivicGroup
from civic.people.filters import GROUPS_KIND, DirectoryFilter, GroupFilter
from civic.people.models import Profile
from civic.territories.visitors import home_area_context, listing_data

PAGE_SIZE = 20


def directory(request):
    """/annuaire/: associations, elected officials and (for members) citizens, by kind, place and text."""
    visible = Profile.objects.visible_to(request.user).with_related().order_by("display_name", "pk")
    data, area = listing_data(request)
    filterset = DirectoryFilter(data, queryset=visible, request=request)
    results = filterset.qs if filterset.is_bound and filterset.is_valid() else visible
    showing_groups = request.GET.get("kind") == GROUPS_KIND
    if showing_groups:
        groups = (
            CivicGroup.objects.visible()
            .with_counts()
            .select_related("theme", "territory")
            .order_by("name", "pk")
        )
        group_filter = GroupFilter(data, queryset=groups, request=request)
        results = group_filter.qs if group_filter.is_valid() else groups
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "civic/directory.html",
        {
            "filter": filterset,
            "page_obj": page,
            "results": page.object_list,
            "showing_groups": showing_groups,
            **home_area_context(request, area),
        },
    )
