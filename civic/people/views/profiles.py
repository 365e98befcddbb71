from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, render

from civic.dialogue import permissions as permissions_dialogue
from civic.dialogue.models.discussions import Follow
from civic.people import permissions
from civic.people.models import Profile


def profile_detail(request, pk):
    profile = get_object_or_404(Profile.objects.with_related(), pk=pk)
    if not permissions.can_view_profile(request.user, profile):
        return redirect_to_login(request.get_full_path())
    user = request.user
    return render(
        request,
        "civic/profile_detail.html",
        {
            "profile": profile,
            "can_follow": permissions_dialogue.can_follow(user, profile.user),
            "following": user.is_authenticated
            and Follow.objects.filter(follower=user, followed_id=profile.user_id).exists(),
        },
    )
