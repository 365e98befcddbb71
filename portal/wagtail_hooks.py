"""Admin rules of the portal's pages: an act once published stays online (CGCT L2131-1)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.admin_dashboard import WaitingPanel
from portal.models import ActPublication, PoliticalGroup, Tribune, TribunePeriod


def _refuse_if_published_act(request, page):
    # The page itself, or a meeting or listing holding published acts.
    if ActPublication.objects.filter(page__path__startswith=page.path).exists():
        messages.error(
            request,
            _(
                "Un acte publié reste en ligne : la loi impose une publication permanente. "
                "Pour le corriger, remplacez son PDF en indiquant le motif ; les deux versions "
                "resteront consultables."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_delete_page")
def keep_published_acts_from_deletion(request, page):
    return _refuse_if_published_act(request, page)


@hooks.register("before_unpublish_page")
def keep_published_acts_online(request, page):
    return _refuse_if_published_act(request, page)


class TribunePermissionPolicy(ModelPermissionPolicy):
    """Groups write their tribunes on the site; staff may only hide one, never write or edit it."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)


register_permission_policy(Tribune, TribunePermissionPolicy(Tribune))


class TribuneViewSet(SnippetViewSet):
    model = Tribune
    icon = "openquote"
    list_display = ["group", "period", "updated_at", "hidden_at"]
    list_filter = ["period", "group"]


class PoliticalGroupViewSet(SnippetViewSet):
    model = PoliticalGroup
    icon = "group"
    list_display = ["name", "is_majority"]


class TribunePeriodViewSet(SnippetViewSet):
    model = TribunePeriod
    icon = "date"
    list_display = ["title", "deadline", "published_on", "character_limit"]


class TribunesViewSetGroup(SnippetViewSetGroup):
    items = (TribuneViewSet, TribunePeriodViewSet, PoliticalGroupViewSet)
    menu_icon = "openquote"
    menu_label = gettext_lazy("Tribunes")
    menu_name = "tribunes"


register_snippet(TribunesViewSetGroup)


@hooks.register("construct_homepage_panels")
def add_waiting_panel(request, panels):
    panels.insert(0, WaitingPanel(request.user))
