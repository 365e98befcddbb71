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


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    """The signed-in member's unread notifications (the header's bell); 0 for visitors."""
    from civic.dialogue.services.notifications import unread_count

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return unread_count(user)


@register.inclusion_tag("includes/follow_button.html", takes_context=True)
def follow_button(context, kind, target_id, name, following=None):
    """A « Suivre » / « Ne plus suivre » button (a POST form) for a territory, news theme,
    event category or group; `following` when the caller already knows."""
    from civic.dialogue.permissions import participates
    from civic.feed.services import is_following

    request = context.get("request")
    user = getattr(request, "user", None)
    if following is None:
        following = user is not None and is_following(user=user, kind=kind, target_id=target_id)
    return {
        "kind": kind,
        "target_id": target_id,
        "name": name,
        "following": following,
        "can_follow": user is not None and participates(user),
        "next": request.get_full_path() if request else "",
        "csrf_token": context.get("csrf_token"),
    }


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


@register.simple_tag
def franceconnect_enabled():
    """Whether FranceConnect's button shows: only once its FRANCECONNECT_* settings are filled."""
    from civic.identity.franceconnect import is_configured

    return is_configured()
