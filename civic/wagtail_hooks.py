from wagtail import hooks
from wagtail.snippets.models import register_snippet

from civic.admin_moderation import ModerationViewSet
from civic.admin_views import VerificationViewSet
from civic.models import Theme


@hooks.register("register_admin_viewset")
def register_verification():
    return VerificationViewSet()


# Dialogue: the moderation queue (reports and posts awaiting approval), the decision log, themes.


@hooks.register("register_admin_viewset")
def register_moderation():
    return ModerationViewSet()


register_snippet(Theme)
