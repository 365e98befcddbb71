from django import template
from django.core.cache import cache
from django.utils.html import format_html, format_html_join

from civic.common.fields import commune_label
from civic.territories.models import Territory
from civic.territories.settings import charter_url as site_charter_url
from civic.territories.settings import root_territory

register = template.Library()

# A <datalist> beyond this many communes weighs more than it helps (a whole-France portal).
DATALIST_MAX = 3000
DATALIST_ID = "communes-du-territoire"


@register.simple_tag(takes_context=True)
def charter_url(context):
    return site_charter_url(context.get("request"))


@register.simple_tag(takes_context=True)
def commune_datalist(context):
    """The portal's communes as native suggestions for commune fields (no JavaScript needed)."""
    root = root_territory(context.get("request"))
    key = f"civic:commune-datalist:{root.pk if root else 'france'}"
    html = cache.get(key)
    if html is None:
        communes = Territory.objects.communes()
        if root is not None:
            communes = communes.within(root)
        communes = list(
            communes.only("name", "code", "postal_codes").order_by("search_name")[
                : DATALIST_MAX + 1
            ]
        )
        if len(communes) > DATALIST_MAX:
            html = ""
        else:
            options = format_html_join(
                "", '<option value="{}"></option>', ((commune_label(c),) for c in communes)
            )
            html = format_html('<datalist id="{}">{}</datalist>', DATALIST_ID, options)
        cache.set(key, html, 60 * 60)
    return html


@register.simple_tag(takes_context=True)
def map_options(context):
    """What every map needs (civic/includes/map.html): the tiles staff configured, the outlines
    shipped for the portal's territory and the first view over it."""
    from django.conf import settings
    from django.urls import reverse

    from civic.territories import outlines

    root = root_territory(context.get("request"))
    key = f"civic:map-options:{root.pk if root else 'france'}"
    options = cache.get(key)
    if options is None:
        codes = [c for c in outlines.departements_of(root) if outlines.outline_path(c)]
        box = outlines.bounds(codes)
        options = {
            "outlines_urls": [reverse("territories:outlines", args=[code]) for code in codes],
            "center": f"{(box[1] + box[3]) / 2:.4f},{(box[0] + box[2]) / 2:.4f}" if box else "",
            "zoom": 9 if box else 6,
        }
        cache.set(key, options, 3600)
    return {
        **options,
        "tiles": settings.MAP_TILES_URL,
        "attribution": settings.MAP_TILES_ATTRIBUTION,
    }
