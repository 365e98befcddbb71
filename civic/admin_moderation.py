"""Wagtail admin: the moderation queue of all groups, and the log of every decision.

The decision forms are the public site's (civic/views/moderation.py): one implementation
decides, logs and notifies; the queue sends moderators there and brings them back.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from civic import permissions_dialogue as rules
from civic.forms.dialogue import ReasonForm
from civic.models import Membership, ModerationDecision, Post, Report

AUTHOR = ("author__profile__home_commune", "author__profile__mandate_territory")


def waiting_count():
    return Report.objects.open().count() + Post.objects.filter(state=Post.State.PENDING).count()


def _require_moderator(request):
    if not rules.can_see_moderation_queue(request.user):
        raise PermissionDenied


def moderation_queue(request):
    _require_moderator(request)
    reports = (
        Report.objects.open()
        .select_related(
            "reporter__profile",
            "group",
            "post__discussion__group",
            *[f"post__{path}" for path in AUTHOR],
        )
        .order_by("created_at", "pk")
    )
    reports = list(reports)
    _attach_author_memberships(reports)
    pending = (
        Post.objects.filter(state=Post.State.PENDING)
        .select_related("discussion__group", *AUTHOR)
        .order_by("created_at", "pk")
    )
    return TemplateResponse(
        request,
        "civic/admin/moderation_queue.html",
        {
            "reports": reports,
            "pending": pending,
            "reason_form": ReasonForm(),
            "here": reverse("civic_moderation"),
            "header_title": _("Modération"),
        },
    )


def _attach_author_memberships(reports):
    """report.author_membership: the reported author's membership of the group (to suspend)."""
    posts = [r.post for r in reports if r.post_id and r.post.author_id]
    memberships = Membership.objects.filter(
        user_id__in={p.author_id for p in posts},
        group_id__in={p.discussion.group_id for p in posts},
    )
    by_pair = {(m.user_id, m.group_id): m for m in memberships}
    for report in reports:
        post = report.post if report.post_id else None
        report.author_membership = (
            by_pair.get((post.author_id, post.discussion.group_id)) if post else None
        )


def decision_log(request):
    _require_moderator(request)
    decisions = ModerationDecision.objects.select_related("group").order_by("-decided_at", "-pk")
    page = Paginator(decisions, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "civic/admin/moderation_log.html",
        {
            "page_obj": page,
            "decisions": page.object_list,
            "header_title": _("Journal de modération"),
        },
    )
