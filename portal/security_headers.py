"""Content-Security-Policy: the strict public policy of settings, a looser one for the admin.

The public pages carry no inline script or style, so their policy needs neither nonces nor
'unsafe-inline' (a nonce could not work anyway: the page cache serves the same HTML to many
responses). The Wagtail admin writes inline scripts and styles of its own: its URL prefixes get
settings.ADMIN_CONTENT_SECURITY_POLICY instead, unless a view set a policy of its own. So do the
previews the admin frames: Wagtail renders them through the middleware with the page's own path,
flagging the request with `is_preview`.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        admin = settings.ADMIN_CONTENT_SECURITY_POLICY
        in_admin = request.path_info.startswith(tuple(admin["URL_PREFIXES"]))
        if (
            not report_only
            and parts.config is None
            and (in_admin or getattr(request, "is_preview", False))
        ):
            parts.config = admin["DIRECTIVES"]
        return parts
