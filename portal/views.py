from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.models import PortalSettings
from portal.theme import palette


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 otherwise (used by the container's HEALTHCHECK)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def theme_css(request):
    """The council's colours and font as custom properties over the stylesheet's defaults; its
    address carries the theme's version, so browsers keep it until staff change it."""
    portal_settings = PortalSettings.for_request(request)
    primary, secondary, font = portal_settings.theme_values()
    fonts = "".join(
        f"@font-face{{font-family:'{font.family}';font-style:normal;font-weight:{weight};"
        f"font-display:swap;src:url({static(f'portal/fonts/{font.files}-{weight}-normal.woff2')})"
        " format('woff2')}"
        for weight in (400, 700)
    )
    variables = {
        **palette(primary, secondary),
        "--font-sans": f"'{font.family}', system-ui, sans-serif",
    }
    body = fonts + ":root{" + "".join(f"{name}:{value};" for name, value in variables.items()) + "}"
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    if request.GET.get("v") == portal_settings.theme_version:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
