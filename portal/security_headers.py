"""Content-Security-Policy: the strict public policy of settings, a looser one for the admin.

The public pages carry no inline script or style, so their policy needs neither nonces nor
'unsafe-inline' (a nonce could not work anyway: the page cache serves the same HTML to many
responses). The Wagtail admin writes inline scripts and styles of its own: its URL prefixes get
settings.ADMIN_CONTENT_SECURITY_POLICY instead, unless a view set a policy of its own.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        admin = settings.ADMIN_CONTENT_SECURITY_POLICY
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(admin["URL_PREFIXES"]))
        ):
            parts.config = admin["DIRECTIVES"]
        return parts
