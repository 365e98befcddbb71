"""Discussions: starting one, the thread, replying, editing, deleting, recommending, reporting."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civic.dialogue import permissions as rules
from civic.dialogue.forms import DiscussionForm, PostEditForm, ReplyForm, ReportForm
from civic.dialogue.models.discussions import Discussion, Follow, Post, Recommendation
from civic.dialogue.models.groups import CivicGroup
from civic.dialogue.poll_forms import PollForm
from civic.dialogue.services import answers as answer_services
from civic.dialogue.services import discussions as services
from civic.dialogue.services import mentions
from civic.dialogue.services import polls as poll_services
from civic.dialogue.views.helpers import (
    AUTHOR_PROFILE,
    LAST_PAGE,
    THREAD_PAGE_SIZE,
    newest_post_url,
    post_url,
    refuse,
)
from civic.identity.levels import Action
from civic.identity.permissions import refusal as level_refusal
from civic.identity.views import render_refusal
from civic.moderation import services as moderation
from civic.moderation.elections import pre_election_review
from civic.people.permissions import is_member


def _group(request, slug):
    group = get_object_or_404(CivicGroup.objects.select_related("theme", "territory"), slug=slug)
    if not rules.can_view_group(request.user, group):
        raise Http404
    return group


def _save_or_error(form, write):
    """Run a service write; a refusal (rate limit…) becomes a form error and nothing is lost."""
    try:
        return write()
    except ValidationError as error:
        form.add_error(None, error)
        return None


@require_http_methods(["GET", "POST"])
def discussion_create(request, slug):
    group = _group(request, slug)
    if not rules.can_start_discussion(request.user, group):
        lacking = _post_refusal(request.user, group)
        if lacking is not None:
            return render_refusal(request, lacking)
        return refuse(
            request,
            _("Seuls les membres du groupe peuvent ouvrir une discussion : rejoignez-le d'abord."),
            fallback=group,
        )
    form = DiscussionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        discussion = _save_or_error(
            form,
            lambda: services.start_discussion(
                user=request.user,
                group=group,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            ),
        )
        if discussion is not None:
            _tell_about_mentions(request, form.cleaned_data["body"])
            if discussion.opening_approved:
                messages.success(request, _("Votre discussion est publiée."))
            else:
                messages.info(request, _waiting_message(request.user))
            return redirect(discussion)
    return render(request, "civic/discussions/form.html", {"group": group, "form": form})


def _waiting_message(user):
    period = pre_election_review(user)
    if period is not None:
        return _(
            "Merci ! Pendant la période préélectorale (%(election)s), les messages des élus "
            "sont relus avant publication, comme le veut l'article L52-1 du code électoral."
        ) % {"election": period.name}
    return _(
        "Merci ! Comme pour tout nouveau compte, votre message sera visible après validation "
        "par l'équipe d'animation."
    )


# What the thread shows of its group and consultation.
THREAD_RELATED = (
    "group__theme",
    "group__territory",
    "consultation__official_answer",
    "consultation__audience_territory",
    "official_answer",
)
# What decides who may reply: the group, and whether a consultation is still open.
REPLY_RELATED = ("group", "consultation")


def _discussion(request, pk, related=THREAD_RELATED):
    """The discussion, with the member's membership of its group in the same query."""
    user = request.user
    discussions = Discussion.objects.select_related(*related).filter(pk=pk)
    if is_member(user):
        discussion = discussions.with_membership_of(user).first()
        if discussion is not None:
            rules.membership_loaded_with(user, discussion)
    else:
        discussion = discussions.first()
    if discussion is None or not rules.can_view_discussion(user, discussion):
        raise Http404
    return discussion


def _tell_about_mentions(request, body):
    """Say which @names matched nobody, or several members (who are then not told)."""
    found = mentions.resolve(body)
    for name in found.unknown:
        messages.warning(
            request,
            _(
                "Aucun membre ne s'appelle « %(name)s » : personne n'a été prévenu pour « @%(name)s »."
            )
            % {"name": name},
        )
    for name in found.ambiguous:
        messages.warning(
            request,
            _(
                "Plusieurs membres s'appellent « %(name)s » : aucun n'a été prévenu. Précisez "
                "sa commune entre parenthèses, par exemple « @%(name)s (Beauvais) » (les "
                "suggestions qui s'ouvrent en tapant @ le font pour vous)."
            )
            % {"name": name},
        )


def _annotate_posts(user, posts):
    """For each post: the viewer's own recommendation and those of the people they follow."""
    for post in posts:
        post.recommended_by_me = False
        post.recommended_by_followed = []
    if not user.is_authenticated or not posts:
        return
    by_pk = {post.pk: post for post in posts}
    mine = Recommendation.objects.filter(user=user, post__in=posts).values_list(
        "post_id", flat=True
    )
    for pk in mine:
        by_pk[pk].recommended_by_me = True
    followed = (
        Recommendation.objects.filter(
            post__in=posts,
            user__in=Follow.objects.filter(follower=user).values("followed"),
        )
        .select_related("user__profile")
        .order_by("created_at")
    )
    for recommendation in followed:
        by_pk[recommendation.post_id].recommended_by_followed.append(recommendation.user.profile)


def discussion_detail(request, pk):
    """The thread: opening post then replies, oldest first, 30 a page."""
    discussion = _discussion(request, pk)
    user = request.user
    posts = (
        Post.objects.filter(discussion=discussion)
        .shown()
        .select_related(*AUTHOR_PROFILE)
        .order_by("created_at", "pk")
    )
    paginator = Paginator(posts, THREAD_PAGE_SIZE)
    number = request.GET.get("page")
    page = paginator.get_page(paginator.num_pages if number == LAST_PAGE else number)
    page_posts = list(page.object_list)
    _annotate_posts(user, page_posts)
    for post in page_posts:
        post.discussion = discussion  # already loaded, with its group
        post.can_edit = rules.can_edit_post(user, post)
        post.can_delete = rules.can_delete_post(user, post)
        post.can_recommend = rules.can_recommend(user, post)
        post.can_report = rules.can_report_post(user, post)
        post.can_hide = rules.can_hide_post(user, post)
        post.can_restore = rules.can_restore_post(user, post)
    consultation = (
        getattr(discussion, "consultation", None) if _has_consultation(discussion) else None
    )
    answer = None
    if consultation is not None and rules.has_official_answer(consultation):
        answer = consultation.official_answer
    elif consultation is None and rules.has_discussion_answer(discussion):
        answer = discussion.official_answer
    context = {
        "discussion": discussion,
        "group": discussion.group,
        "consultation": consultation,
        "answer": answer,
        "page_obj": page,
        "posts": page_posts,
        "reply_form": ReplyForm() if rules.can_reply(user, discussion) else None,
        "post_refused": _post_refusal(user, discussion.group),
        "is_member": rules.is_active_member(user, discussion.group),
        "can_animate": rules.can_animate(user, discussion.group),
        "can_moderate": rules.can_moderate_group(user, discussion.group),
        "can_close": consultation is not None and rules.can_close_consultation(user, consultation),
        "can_answer": rules.can_publish_official_answer(user, consultation)
        if consultation is not None
        else rules.can_answer_discussion(user, discussion),
    }
    if answer is not None:
        context["answer_revisions"], context["answer_updates"] = answer_services.history(answer)
        context["can_correct_answer"] = rules.can_correct_official_answer(user, answer)
    if consultation is not None:
        context.update(poll_context(user, consultation))
    return render(request, "civic/discussions/detail.html", context)


def poll_context(user, consultation):
    """What the consultation's poll shows: the form (with the person's current answers) to
    those it asks, why not to the others, and what staff may do. Three queries at most."""
    questions = poll_services.poll_questions(consultation)
    can_answer_poll = bool(questions) and rules.can_answer_poll(user, consultation)
    current = poll_services.ballot_of(user, consultation) if can_answer_poll else None
    return {
        "questions": questions,
        "poll_form": PollForm(questions=questions, answers=current) if can_answer_poll else None,
        "has_ballot": current is not None,
        "cannot_answer_reason": rules.why_cannot_answer(user, consultation)
        if questions and user.is_authenticated and not can_answer_poll
        else "",
        "can_edit_poll": rules.can_edit_poll(user, consultation),
        "can_see_results": rules.can_see_results(user, consultation),
        "can_reopen": rules.can_reopen_consultation(user, consultation),
        "can_publish_results": rules.can_publish_results(user, consultation),
    }


def _post_refusal(user, group):
    """Why an active member of `group` may not write there for lack of level, or None."""
    if not rules.is_active_member(user, group):
        return None
    return level_refusal(user, Action.POST)


def _has_consultation(discussion):
    try:
        discussion.consultation  # noqa: B018
    except Discussion.consultation.RelatedObjectDoesNotExist:
        return False
    return True


@require_POST
def discussion_reply(request, pk):
    discussion = _discussion(request, pk, REPLY_RELATED)
    if not rules.can_reply(request.user, discussion):
        lacking = _post_refusal(request.user, discussion.group)
        if lacking is not None:
            return render_refusal(request, lacking)
        if rules.is_suspended(request.user, discussion.group):
            message = _("Vous êtes suspendu·e de ce groupe : vous ne pouvez plus y écrire.")
        elif _has_consultation(discussion) and not discussion.consultation.is_open:
            message = _("Cette consultation est close : elle ne reçoit plus de réponses.")
        else:
            message = _("Seuls les membres du groupe peuvent répondre : rejoignez-le d'abord.")
        return refuse(request, message, fallback=discussion)
    form = ReplyForm(request.POST)
    if form.is_valid():
        post = _save_or_error(
            form,
            lambda: services.reply(
                user=request.user, discussion=discussion, body=form.cleaned_data["body"]
            ),
        )
        if post is not None:
            _tell_about_mentions(request, form.cleaned_data["body"])
            if post.is_pending:
                messages.info(request, _waiting_message(request.user))
                return redirect(discussion)
            messages.success(request, _("Votre réponse est publiée."))
            return redirect(newest_post_url(post))
    return render(
        request,
        "civic/discussions/reply_form.html",
        {"discussion": discussion, "group": discussion.group, "form": form},
    )


def post_permalink(request, pk):
    post = get_object_or_404(Post.objects.select_related("discussion__group"), pk=pk)
    if not rules.can_view_discussion(request.user, post.discussion):
        raise Http404
    return redirect(post_url(post))


def _post(request, pk):
    post = get_object_or_404(
        Post.objects.select_related("discussion__group", *AUTHOR_PROFILE), pk=pk
    )
    if not rules.can_view_discussion(request.user, post.discussion):
        raise Http404
    return post


@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    post = _post(request, pk)
    if not rules.can_edit_post(request.user, post):
        return refuse(request)
    form = PostEditForm(
        request.POST or None,
        opening=post.is_opening,
        initial={"body": post.body, "title": post.discussion.title},
    )
    if request.method == "POST" and form.is_valid():
        services.edit_post(
            user=request.user,
            post=post,
            body=form.cleaned_data["body"],
            title=form.cleaned_data.get("title"),
        )
        _tell_about_mentions(request, form.cleaned_data["body"])
        messages.success(request, _("Votre message est modifié."))
        return redirect(post_url(post))
    return render(
        request,
        "civic/discussions/post_edit.html",
        {"post": post, "discussion": post.discussion, "group": post.discussion.group, "form": form},
    )


@require_http_methods(["GET", "POST"])
def post_delete(request, pk):
    post = _post(request, pk)
    if not rules.can_delete_post(request.user, post):
        return refuse(request)
    if request.method == "POST":
        group = post.discussion.group
        discussion = services.delete_post(user=request.user, post=post)
        messages.success(request, _("Votre message est supprimé."))
        return redirect(discussion or group)
    return render(
        request,
        "civic/discussions/post_delete.html",
        {"post": post, "discussion": post.discussion, "group": post.discussion.group},
    )


@require_POST
def post_recommend(request, pk):
    post = _post(request, pk)
    if request.POST.get("withdraw") == "1":
        if request.user.is_authenticated:
            services.withdraw_recommendation(user=request.user, post=post)
            messages.success(request, _("Vous ne recommandez plus ce message."))
        return redirect(post_url(post))
    if not rules.can_recommend(request.user, post):
        return refuse(
            request, _("Vous ne pouvez pas recommander ce message."), fallback=post_url(post)
        )
    services.recommend(user=request.user, post=post)
    messages.success(request, _("Vous recommandez ce message."))
    return redirect(post_url(post))


@require_http_methods(["GET", "POST"])
def post_report(request, pk):
    post = _post(request, pk)
    if not rules.can_report_post(request.user, post):
        return refuse(request)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        moderation.report(
            user=request.user,
            post=post,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
        )
        messages.success(
            request,
            _(
                "Merci : votre signalement est transmis aux animateurs du groupe et à la modération."
            ),
        )
        return redirect(post_url(post))
    return render(
        request,
        "civic/discussions/report_form.html",
        {"post": post, "group": post.discussion.group, "form": form, "target": "post"},
    )


@require_http_methods(["GET", "POST"])
def group_report(request, slug):
    group = _group(request, slug)
    if not rules.can_report_group(request.user, group):
        return refuse(request)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        moderation.report(
            user=request.user,
            group=group,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Merci : votre signalement est transmis à la modération."))
        return redirect(group)
    return render(
        request,
        "civic/discussions/report_form.html",
        {"group": group, "form": form, "target": "group"},
    )
