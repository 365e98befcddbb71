"""« Près de chez moi »: groups and discussions about a person's commune and around it."""

from django.shortcuts import render

from civic.common.redirects import next_url, redirect_to_next
from civic.dialogue.forms import CommuneChoiceForm
from civic.dialogue.models.discussions import Discussion
from civic.dialogue.models.groups import CivicGroup
from civic.dialogue.views.helpers import AUTHOR_PROFILE
from civic.territories.models import Territory
from civic.territories.proximity import Vicinity
from civic.territories.settings import root_territory
from civic.territories.visitors import SESSION_KEY, visitor_commune

GROUPS_SHOWN = 20
DISCUSSIONS_SHOWN = 15


def commune_sections(commune):
    """The territories around `commune`, and its groups and recent discussions, the most
    specific to it first."""
    vicinity = Vicinity.of(commune)
    return {
        "around": list(commune.ancestors().exclude(kind=Territory.Kind.REGION)),
        "groups": list(
            CivicGroup.objects.visible()
            .concerning(commune)
            .with_counts()
            .select_related("theme", "territory")
            .most_specific_first(vicinity)[:GROUPS_SHOWN]
        ),
        "discussions": list(
            Discussion.objects.visible()
            .filter(group__in=CivicGroup.objects.visible().concerning(commune).values("pk"))
            .select_related("group__territory", *AUTHOR_PROFILE)
            .most_specific_first(vicinity)[:DISCUSSIONS_SHOWN]
        ),
    }


def near_me(request):
    root = root_territory(request)
    form = CommuneChoiceForm(request.POST or None, root=root)
    if request.method == "POST":
        if form.is_valid():
            request.session[SESSION_KEY] = form.cleaned_data["commune"].pk
            # Back to the page the visitor came from (« changer » in the header), if on this site.
            return redirect_to_next(request, "dialogue:near_me")
        commune = None
    else:
        commune = None if request.GET.get("changer") else visitor_commune(request)
    context = {"form": form, "commune": commune, "next": next_url(request)}
    if commune is not None:
        context.update(
            commune_sections(commune),
            from_profile=request.user.is_authenticated
            and getattr(request.user.profile, "home_commune_id", None) == commune.pk,
        )
    return render(request, "civic/near_me.html", context)
