from django import template
from django.core.cache import cache
from django.utils.html import format_html, format_html_join

from civic.common.fields import commune_label
from civic.territories.models import Territory
from civic.territories.settings import charter_url as site_charter_url
from civic.territories.settings import root_territory
from civic.territories.visitors import visitor_commune

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
def home_commune(context):
    """The visitor's commune (their profile's, or the one chosen for the visit), or None."""
    return visitor_commune(context.get("request"))
