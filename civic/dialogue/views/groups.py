"""Groups: the list, creation, the group page, joining and leaving, animation, unsubscribing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from civic.common.redirects import redirect_to_next
from civic.dialogue import permissions as rules
from civic.dialogue.forms import GroupEditForm, GroupForm, NotifyForm
from civic.dialogue.models.discussions import Consultation, Discussion
from civic.dialogue.models.groups import CivicGroup, Membership
from civic.dialogue.services import discussions as discussion_services
from civic.dialogue.services import groups as services
from civic.dialogue.services import notifications
from civic.dialogue.views.helpers import AUTHOR_PROFILE, refuse
from civic.identity.levels import Action
from civic.identity.permissions import refusal as level_refusal
from civic.identity.views import render_refusal
from civic.moderation.models import Report
from civic.people.filters import GroupFilter
from civic.territories.settings import root_territory
from civic.territories.visitors import home_area_context, listing_data

GROUPS_PER_PAGE = 20
DISCUSSIONS_PER_PAGE = 20

MEMBER_PROFILE = ("user__profile__home_commune", "user__profile__mandate_territory")


def group_list(request):
    """/groupes/: visible groups, most recently active first, filtered by theme, place and text."""
    groups = (
        CivicGroup.objects.visible()
        .with_counts()
        .select_related("theme", "territory")
        .order_by("-last_activity_at", "pk")
    )
    data, area = listing_data(request)
    filterset = GroupFilter(data, queryset=groups, request=request)
    results = filterset.qs if filterset.is_bound and filterset.is_valid() else groups
    page = Paginator(results, GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "civic/groups/list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "groups": page.object_list,
            "can_create": rules.can_create_group(request.user),
            # Shown the button all the same: the form's page says which level is lacking.
            "create_refused": level_refusal(request.user, Action.CREATE_GROUP),
            **home_area_context(request, area),
        },
    )


@require_http_methods(["GET", "POST"])
def group_create(request):
    if not rules.can_create_group(request.user):
        lacking = level_refusal(request.user, Action.CREATE_GROUP)
        if lacking is not None and rules.participates(request.user):
            return render_refusal(request, lacking)
        return refuse(request)
    form = GroupForm(request.POST or None, root=root_territory(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        group = services.create_group(
            user=request.user,
            name=data["name"],
            description=data["description"],
            theme=data["theme"],
            territory=data["territory"],
            join_policy=data["join_policy"],
            rules_text=data["rules"],
        )
        messages.success(
            request,
            _("Le groupe « %(name)s » est créé : vous en êtes l'animateur·rice.")
            % {"name": group.name},
        )
        return redirect(group)
    return render(request, "civic/groups/form.html", {"form": form})


def _group_or_404(request, slug):
    group = get_object_or_404(
        CivicGroup.objects.with_counts().select_related("theme", "territory"), slug=slug
    )
    if not rules.can_view_group(request.user, group):
        raise Http404
    return group


def group_detail(request, slug):
    """The group page: description, rules, animators, discussions (pinned first), consultations."""
    group = _group_or_404(request, slug)
    membership = rules.membership_of(request.user, group)
    animators = list(
        Membership.objects.filter(
            group=group, role=Membership.Role.ANIMATOR, status=Membership.Status.ACTIVE
        )
        .select_related(*MEMBER_PROFILE)
        .order_by("joined_at", "pk")
    )
    discussions = (
        Discussion.objects.visible()
        .filter(group=group)
        .select_related(*AUTHOR_PROFILE, "consultation__official_answer")
        .order_by("-pinned", "-last_activity_at", "-pk")
    )
    page = Paginator(discussions, DISCUSSIONS_PER_PAGE).get_page(request.GET.get("page"))
    consultations = list(
        Consultation.objects.visible()
        .filter(discussion__group=group)
        .select_related("discussion", "official_answer")
        .open_first()[:5]
    )
    user = request.user
    return render(
        request,
        "civic/groups/detail.html",
        {
            "group": group,
            "membership": membership,
            "animators": animators,
            "page_obj": page,
            "discussions": page.object_list,
            "consultations": consultations,
            "can_join": rules.can_join_group(user, group),
            "can_leave": rules.can_leave_group(user, group),
            "can_start": rules.can_start_discussion(user, group),
            "post_refused": level_refusal(user, Action.POST)
            if rules.is_active_member(user, group)
            else None,
            "can_animate": rules.can_animate(user, group),
            "can_moderate": rules.can_moderate_group(user, group),
            "can_consult": rules.can_open_consultation(user, group),
            "can_report": rules.can_report_group(user, group),
            "can_hide_group": rules.can_hide_group(user, group),
            "can_restore_group": rules.can_restore_group(user, group),
            "notify_form": NotifyForm(initial={"notify": membership.notify})
            if membership is not None and membership.is_active
            else None,
        },
    )


@require_POST
def group_join(request, slug):
    group = _group_or_404(request, slug)
    if not rules.can_join_group(request.user, group):
        if rules.is_suspended(request.user, group):
            return refuse(request, _("Vous êtes suspendu·e de ce groupe."), fallback=group)
        return refuse(request, _("Vous ne pouvez pas rejoindre ce groupe."), fallback=group)
    membership = services.join_group(user=request.user, group=group)
    if membership.is_active:
        messages.success(
            request, _("Bienvenue dans le groupe « %(name)s » !") % {"name": group.name}
        )
    else:
        messages.success(
            request,
            _("Votre demande est envoyée aux animateurs du groupe : vous recevrez un courriel."),
        )
    return redirect(group)


@require_POST
def group_leave(request, slug):
    group = _group_or_404(request, slug)
    if not rules.can_leave_group(request.user, group):
        return refuse(
            request,
            _(
                "Vous ne pouvez pas quitter ce groupe : s'il n'a pas d'autre animateur·rice, "
                "nommez-en un·e d'abord."
            ),
            fallback=group,
        )
    services.leave_group(user=request.user, group=group)
    messages.success(request, _("Vous avez quitté le groupe « %(name)s ».") % {"name": group.name})
    return redirect(group)


@require_POST
def group_notifications(request, slug):
    group = _group_or_404(request, slug)
    if not rules.can_set_notifications(request.user, group):
        return refuse(request)
    form = NotifyForm(request.POST)
    if form.is_valid():
        services.set_notifications(
            user=request.user, group=group, notify=form.cleaned_data["notify"]
        )
        messages.success(request, _("Vos préférences de courriel sont enregistrées."))
    return redirect(group)


@require_http_methods(["GET", "POST"])
def group_animation(request, slug):
    """For animators: requests, members (name animators), description and rules, pinning."""
    group = _group_or_404(request, slug)
    if not rules.can_animate(request.user, group):
        return refuse(request)
    form = GroupEditForm(
        request.POST or None, initial={"description": group.description, "rules": group.rules}
    )
    if request.method == "POST" and form.is_valid():
        services.update_group(
            user=request.user,
            group=group,
            description=form.cleaned_data["description"],
            rules_text=form.cleaned_data["rules"],
        )
        messages.success(request, _("La description et les règles du groupe sont enregistrées."))
        return redirect("dialogue:group_animation", slug=group.slug)
    memberships = (
        Membership.objects.filter(group=group)
        .select_related(*MEMBER_PROFILE)
        .order_by("status", "-role", "user__profile__display_name", "pk")
    )
    open_reports = Report.objects.open().for_group(group).count()
    pinned = (
        Discussion.objects.visible().filter(group=group).order_by("-pinned", "-last_activity_at")
    )
    return render(
        request,
        "civic/groups/animation.html",
        {
            "group": group,
            "form": form,
            "requests": [m for m in memberships if m.status == Membership.Status.REQUESTED],
            "members": [m for m in memberships if m.status != Membership.Status.REQUESTED],
            "discussions": pinned[:50],
            "open_reports": open_reports,
            "can_moderate": rules.can_moderate_group(request.user, group),
        },
    )


def _membership_for_animation(request, slug, pk):
    group = _group_or_404(request, slug)
    if not rules.can_animate(request.user, group):
        raise PermissionDenied
    membership = get_object_or_404(
        Membership.objects.select_related("user__profile"), pk=pk, group=group
    )
    return group, membership


@require_POST
def membership_action(request, slug, pk, action):
    """Accept or decline a request, or name an animator."""
    if not request.user.is_authenticated:
        return refuse(request)
    group, membership = _membership_for_animation(request, slug, pk)
    name = membership.user.profile.display_name
    try:
        if action == "accepter":
            services.accept_request(user=request.user, membership=membership)
            messages.success(
                request, _("%(name)s est maintenant membre du groupe.") % {"name": name}
            )
        elif action == "refuser":
            services.decline_request(user=request.user, membership=membership)
            messages.success(request, _("La demande de %(name)s est refusée.") % {"name": name})
        elif action == "animateur":
            services.name_animator(user=request.user, membership=membership)
            messages.success(request, _("%(name)s anime désormais le groupe.") % {"name": name})
        else:
            raise Http404
    except ValueError:
        messages.info(request, _("Cette action a déjà été faite."))
    return redirect("dialogue:group_animation", slug=group.slug)


@require_POST
def discussion_pin(request, pk):
    discussion = get_object_or_404(Discussion.objects.select_related("group"), pk=pk)
    if not rules.can_animate(request.user, discussion.group):
        return refuse(request)
    pinned = request.POST.get("pinned") == "1"
    discussion_services.set_pinned(user=request.user, discussion=discussion, pinned=pinned)
    if pinned:
        messages.success(request, _("La discussion est épinglée en tête du groupe."))
    else:
        messages.success(request, _("La discussion n'est plus épinglée."))
    return redirect_to_next(request, discussion.group)


@csrf_exempt  # The signed token is the credential; mail clients post RFC 8058 one-click requests.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One-click unsubscribe from a group's emails: GET shows a button, POST unsubscribes."""
    decoded = notifications.read_unsubscribe_token(token)
    if decoded is None:
        return render(request, "civic/groups/unsubscribe.html", {"invalid": True}, status=400)
    user_id, group_ids = decoded
    memberships = Membership.objects.filter(user_id=user_id, group_id__in=group_ids).select_related(
        "group", "user"
    )
    groups = [m.group for m in memberships]
    done = False
    if request.method == "POST" and memberships:
        services.unsubscribe(user=memberships[0].user, groups=groups)
        done = True
    return render(
        request,
        "civic/groups/unsubscribe.html",
        {"groups": groups, "done": done, "token": token},
    )
