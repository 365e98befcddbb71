from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.snippets.models import register_snippet

from civic import admin_moderation, admin_views, permissions, permissions_dialogue
from civic.models import Profile, Theme


class CountedMenuItem(MenuItem):
    """A menu item whose label shows how many requests are waiting."""

    def __init__(self, label, url, *, count, **kwargs):
        super().__init__(label, url, **kwargs)
        self.count = count

    def is_shown(self, request):
        return permissions.can_verify_profiles(request.user)

    def render_component(self, request):
        waiting = self.count()
        label = f"{self.label} ({waiting})" if waiting else str(self.label)
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name)


@hooks.register("register_admin_urls")
def register_verification_urls():
    return [
        path("verifications/", admin_views.verification_queue, name="civic_verifications"),
        path(
            "verifications/<int:pk>/",
            admin_views.verification_decide,
            name="civic_verification_decide",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_verification_menu_item():
    return CountedMenuItem(
        _("Vérifications"),
        reverse("civic_verifications"),
        name="verifications",
        icon_name="user",
        order=250,
        count=lambda: Profile.objects.pending().count(),
    )


# Dialogue: the moderation queue (reports and posts awaiting approval), the decision log, themes.


class ModerationMenuItem(CountedMenuItem):
    def is_shown(self, request):
        return permissions_dialogue.can_see_moderation_queue(request.user)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("moderation/", admin_moderation.moderation_queue, name="civic_moderation"),
        path("moderation/journal/", admin_moderation.decision_log, name="civic_moderation_log"),
    ]


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        _("Modération"),
        reverse("civic_moderation"),
        name="moderation",
        icon_name="warning",
        order=260,
        count=admin_moderation.waiting_count,
    )


register_snippet(Theme)
