"""Following people: their recommendations show on the posts one reads."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civic.dialogue import permissions as rules
from civic.dialogue.services import discussions as services
from civic.dialogue.views.helpers import refuse
from civic.people.models import Profile


@require_POST
def follow(request, pk):
    profile = get_object_or_404(Profile.objects.select_related("user"), pk=pk)
    if request.POST.get("unfollow") == "1":
        if request.user.is_authenticated:
            services.unfollow(user=request.user, other=profile.user)
            messages.success(
                request, _("Vous ne suivez plus %(name)s.") % {"name": profile.display_name}
            )
        return redirect("people:profile", pk=profile.pk)
    if not rules.can_follow(request.user, profile.user):
        return refuse(request)
    services.follow(user=request.user, other=profile.user)
    messages.success(
        request,
        _(
            "Vous suivez %(name)s : ses recommandations apparaîtront sur les messages que vous lisez."
        )
        % {"name": profile.display_name},
    )
    return redirect("people:profile", pk=profile.pk)
