"""Admin rules of the portal's pages: an act once published stays online (CGCT L2131-1)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from portal.models import ActPublication


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
