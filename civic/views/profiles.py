from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, render

from civic import permissions
from civic.models import Profile


def profile_detail(request, pk):
    profile = get_object_or_404(Profile.objects.with_related(), pk=pk)
    if not permissions.can_view_profile(request.user, profile):
        return redirect_to_login(request.get_full_path())
    return render(request, "civic/profile_detail.html", {"profile": profile})
