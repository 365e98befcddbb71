"""In-site notifications (the bell's page) and the @mention suggestions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from civic.common.text import normalize
from civic.dialogue.models.notifications import Notification
from civic.dialogue.services import notifications as services
from civic.people.models import Profile

NOTIFICATIONS_PER_PAGE = 30
SUGGESTIONS = 8


@login_required
@require_GET
def notification_list(request):
    items = Notification.objects.inbox(request.user).select_related(
        "group", "discussion", "post__author__profile", "decision"
    )
    page_obj = Paginator(items, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "civic/feed/notifications.html",
        {"page_obj": page_obj, "notifications": page_obj.object_list},
    )


@login_required
@require_GET
def notification_open(request, pk):
    """Opening a notification marks it read and leads to what it is about."""
    notification = get_object_or_404(
        Notification.objects.select_related("group"), pk=pk, recipient=request.user
    )
    services.mark_read(user=request.user, notification=notification)
    return redirect(services.target_url(notification))


@login_required
@require_POST
def notifications_mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    return redirect("feed:notifications")


@login_required
@require_GET
def mention_suggestions(request):
    """Members whose name starts with what follows the @ (at most eight), for the autocomplete."""
    text = normalize(request.GET.get("q", "").replace("\x00", ""))[:100].strip()
    if len(text) < 2:
        return JsonResponse({"results": []})
    profiles = (
        Profile.objects.filter(
            user__is_active=True, hide_from_directory=False, search_text__startswith=text
        )
        .select_related("home_commune")
        .order_by("display_name", "pk")[:SUGGESTIONS]
    )
    return JsonResponse(
        {
            "results": [
                {
                    "name": p.display_name,
                    "detail": str(p.home_commune) if p.home_commune else "",
                }
                for p in profiles
            ]
        }
    )
