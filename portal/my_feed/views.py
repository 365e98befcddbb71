"""« Mon fil » and the follow / unfollow buttons (plain POST forms: no JavaScript needed)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Value
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agenda.models import EventCategory
from civic.common.fields import CommuneField
from civic.common.redirects import redirect_to_next
from civic.dialogue.models.groups import CivicGroup
from civic.feed import services
from civic.feed.models import Interest
from civic.people.models import Profile
from civic.territories.models import Territory
from civic.territories.settings import root_territory
from portal.models.news import NewsPageTag
from portal.my_feed.sources import feed_page


class CommuneFollowForm(forms.Form):
    commune = CommuneField(label=gettext_lazy("Commune à suivre"))


def _targets(kind: str, ids: list[int]):
    """{id: the thing followed} for one kind (one query)."""
    if kind == Interest.Kind.TERRITORY:
        return Territory.objects.in_bulk(ids)
    if kind == Interest.Kind.NEWS_THEME:
        return NewsPageTag.tag_model().objects.in_bulk(ids)
    if kind == Interest.Kind.EVENT_CATEGORY:
        return EventCategory.objects.in_bulk(ids)
    return CivicGroup.objects.visible().in_bulk(ids)


PERSON = "person"


def _followed_list(followed):
    """What the member follows, for the page's list: one query (a UNION over the kinds)."""
    labels = dict(Interest.Kind.choices)
    labels[PERSON] = _("Personne")
    parts = [
        (Interest.Kind.TERRITORY, Territory.objects, followed.territories),
        (Interest.Kind.NEWS_THEME, NewsPageTag.tag_model().objects, followed.news_themes),
        (Interest.Kind.EVENT_CATEGORY, EventCategory.objects, followed.event_categories),
        (Interest.Kind.GROUP, CivicGroup.objects.visible(), followed.groups),
    ]
    queries = [
        manager.filter(pk__in=ids).order_by().annotate(k=Value(kind)).values_list("k", "pk", "name")
        for kind, manager, ids in parts
        if ids
    ]
    if followed.people:
        queries.append(
            Profile.objects.filter(user__in=followed.people)
            .order_by()
            .annotate(k=Value(PERSON))
            .values_list("k", "pk", "display_name")
        )
    if not queries:
        return []
    rows = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    order = [kind for kind, _label in Interest.Kind.choices] + [PERSON]
    return [
        {"kind": kind, "label": labels[kind], "id": pk, "name": name, "is_person": kind == PERSON}
        for kind, pk, name in sorted(rows, key=lambda row: (order.index(row[0]), row[2]))
    ]


@login_required
@require_GET
def my_feed(request):
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    followed, page = feed_page(request.user, number)
    return render(
        request,
        "portal/my_feed/my_feed.html",
        {
            "page": page,
            "entries": page.entries,
            "followed": _followed_list(followed),
            "commune_form": CommuneFollowForm(),
        },
    )


def _back(request):
    """Back where the button was (a path on this site only), else « Mon fil »."""
    return redirect_to_next(request, "my_feed")


@require_POST
def follow(request):
    """Follow (or, with unfollow=1, stop following) one territory, theme, category or group."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("account_login") + "?next=" + reverse("my_feed"))
    kind = request.POST.get("kind", "")
    try:
        target_id = int(request.POST.get("target", ""))
    except ValueError:
        target_id = 0
    if kind not in Interest.Kind.values or target_id <= 0:
        messages.error(request, _("Nous n'avons pas compris ce que vous vouliez suivre."))
        return _back(request)
    if request.POST.get("unfollow") == "1":
        services.unfollow(user=request.user, kind=kind, target_id=target_id)
        messages.success(request, _("C'est noté : vous ne le suivez plus dans « Mon fil »."))
        return _back(request)
    target = _targets(kind, [target_id]).get(target_id)
    if target is None:
        messages.error(request, _("Ce que vous vouliez suivre n'existe pas ou plus."))
        return _back(request)
    return _follow(request, kind, target)


def _follow(request, kind, target):
    try:
        services.follow(user=request.user, kind=kind, target_id=target.pk)
    except services.CannotFollow as refusal:
        messages.error(request, refusal.message)
        return _back(request)
    messages.success(
        request,
        _("Vous suivez « %(name)s » : ses nouveautés apparaissent dans « Mon fil ».")
        % {"name": target},
    )
    return _back(request)


@login_required
@require_http_methods(["POST"])
def follow_commune(request):
    """The no-JS way to follow any commune: its name or postal code, resolved on the server."""
    form = CommuneFollowForm(request.POST)
    form.fields["commune"].root = root_territory(request)
    if not form.is_valid():
        followed, page = feed_page(request.user, 1)
        return render(
            request,
            "portal/my_feed/my_feed.html",
            {
                "page": page,
                "entries": page.entries,
                "followed": _followed_list(followed),
                "commune_form": form,
            },
            status=400,
        )
    return _follow(request, Interest.Kind.TERRITORY, form.cleaned_data["commune"])
