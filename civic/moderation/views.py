"""Moderation from the public site: the animators' report page and the decision forms.

The Wagtail admin queue (civic/moderation/admin.py) posts to these same forms, so that one
implementation decides, logs and notifies.
"""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civic.common.redirects import next_url, redirect_to_next
from civic.dialogue import permissions as rules
from civic.dialogue.forms import OptionalReasonForm, ReasonForm
from civic.dialogue.models.discussions import Post
from civic.dialogue.models.groups import Membership
from civic.dialogue.views.groups import _group_or_404
from civic.dialogue.views.helpers import AUTHOR_PROFILE, post_url, refuse
from civic.moderation import services as services
from civic.moderation.models import ModerationDecision, Report

# A report's id as its forms send it: anything else (a word, a number too big) is no report.
REPORT_ID = re.compile(r"[0-9]{1,18}")


def group_reports(request, slug):
    """/groupes/<slug>/animation/signalements/: open reports and waiting posts of one group."""
    group = _group_or_404(request, slug)
    if not rules.can_see_group_reports(request.user, group):
        return refuse(request)
    reports = (
        Report.objects.open()
        .for_group(group)
        .select_related(
            "reporter__profile",
            "group",
            "post__discussion__group",
            *[f"post__{path}" for path in AUTHOR_PROFILE],
        )
        .order_by("created_at", "pk")
    )
    pending = (
        Post.objects.filter(discussion__group=group, state=Post.State.PENDING)
        .select_related("discussion", *AUTHOR_PROFILE)
        .order_by("created_at", "pk")
    )
    decisions = ModerationDecision.objects.filter(group=group).order_by("-decided_at", "-pk")[:30]
    return render(
        request,
        "civic/groups/reports.html",
        {
            "group": group,
            "reports": reports,
            "pending": pending,
            "decisions": decisions,
            "reason_form": ReasonForm(),
        },
    )


def _decide(request, form, *, title, button, **shown):
    """The form asking a moderator's reason for a decision on a post, a member or a group."""
    context = {"form": form, "title": title, "button": button, **shown}
    context |= {"next": next_url(request), "report_id": _report_id(request)}
    return render(request, "civic/moderation/decide.html", context)


def _report_id(request):
    """The id of the report a decision answers (in the address, then kept by the form), or ""."""
    pk = request.POST.get("report") or request.GET.get("report") or ""
    return pk if REPORT_ID.fullmatch(pk) else ""


def _report(request):
    pk = _report_id(request)
    return Report.objects.filter(pk=pk).first() if pk else None


def _post(pk):
    return get_object_or_404(
        Post.objects.select_related("discussion__group", "author__profile"), pk=pk
    )


@require_http_methods(["GET", "POST"])
def post_hide(request, pk):
    post = _post(pk)
    if not rules.can_hide_post(request.user, post):
        return refuse(request)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = _report(request)
        services.hide_post(
            user=request.user, post=post, reason=form.cleaned_data["reason"], report=report
        )
        messages.success(request, _("Le message est masqué ; son auteur·rice est prévenu·e."))
        return redirect_to_next(request, post_url(post))
    return _decide(
        request,
        form,
        title=_("Masquer un message"),
        button=_("Masquer le message"),
        post=post,
        group=post.discussion.group,
    )


@require_POST
def post_restore(request, pk):
    post = _post(pk)
    if not rules.can_restore_post(request.user, post):
        return refuse(request)
    form = OptionalReasonForm(request.POST)
    form.is_valid()
    services.restore_post(user=request.user, post=post, reason=form.cleaned_data.get("reason", ""))
    messages.success(request, _("Le message est rétabli."))
    return redirect_to_next(request, post_url(post))


@require_POST
def post_approve(request, pk):
    post = _post(pk)
    if post.state != Post.State.PENDING or not rules.can_moderate_group(
        request.user, post.discussion.group
    ):
        return refuse(request)
    services.approve_post(user=request.user, post=post)
    messages.success(request, _("Le message est validé et publié."))
    return redirect_to_next(request, post_url(post))


@require_http_methods(["GET", "POST"])
def post_reject(request, pk):
    post = _post(pk)
    if post.state != Post.State.PENDING or not rules.can_moderate_group(
        request.user, post.discussion.group
    ):
        return refuse(request)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.reject_post(user=request.user, post=post, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("Le message ne sera pas publié ; son auteur·rice est prévenu·e.")
        )
        return redirect_to_next(request, post.discussion.group.get_absolute_url())
    return _decide(
        request,
        form,
        title=_("Refuser un message en attente"),
        button=_("Refuser le message"),
        post=post,
        group=post.discussion.group,
    )


@require_POST
def report_dismiss(request, pk):
    report = get_object_or_404(
        Report.objects.select_related("post__discussion__group", "group"), pk=pk
    )
    if not rules.can_moderate_group(request.user, report.target_group):
        return refuse(request)
    if report.status != Report.Status.OPEN:
        messages.info(request, _("Ce signalement a déjà été traité."))
    else:
        form = OptionalReasonForm(request.POST)
        form.is_valid()
        services.dismiss_report(
            user=request.user, report=report, reason=form.cleaned_data.get("reason", "")
        )
        messages.success(request, _("Le signalement est classé sans suite."))
    return redirect_to_next(request, report.target_group.get_absolute_url())


def _membership(pk):
    return get_object_or_404(Membership.objects.select_related("group", "user__profile"), pk=pk)


@require_http_methods(["GET", "POST"])
def member_suspend(request, pk):
    membership = _membership(pk)
    if not rules.can_suspend_member(request.user, membership):
        return refuse(request)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = _report(request)
        services.suspend_member(
            user=request.user,
            membership=membership,
            reason=form.cleaned_data["reason"],
            report=report,
        )
        messages.success(
            request,
            _("%(name)s est suspendu·e du groupe.")
            % {"name": membership.user.profile.display_name},
        )
        return redirect_to_next(request, membership.group.get_absolute_url())
    return _decide(
        request,
        form,
        title=_("Suspendre un membre du groupe"),
        button=_("Suspendre"),
        membership=membership,
        group=membership.group,
    )


@require_POST
def member_reinstate(request, pk):
    membership = _membership(pk)
    if not rules.can_reinstate_member(request.user, membership):
        return refuse(request)
    services.reinstate_member(user=request.user, membership=membership)
    messages.success(request, _("Le membre est rétabli dans le groupe."))
    return redirect_to_next(request, membership.group.get_absolute_url())


@require_http_methods(["GET", "POST"])
def group_hide(request, slug):
    group = _group_or_404(request, slug)
    if not rules.can_hide_group(request.user, group):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = _report(request)
        services.hide_group(
            user=request.user, group=group, reason=form.cleaned_data["reason"], report=report
        )
        messages.success(request, _("Le groupe est masqué."))
        return redirect_to_next(request, group.get_absolute_url())
    return _decide(
        request, form, title=_("Masquer le groupe"), button=_("Masquer le groupe"), group=group
    )


@require_POST
def group_restore(request, slug):
    group = _group_or_404(request, slug)
    if not rules.can_restore_group(request.user, group):
        raise PermissionDenied
    services.restore_group(user=request.user, group=group)
    messages.success(request, _("Le groupe est rétabli."))
    return redirect_to_next(request, group.get_absolute_url())
