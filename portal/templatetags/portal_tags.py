"""Template helpers for the portal's layout: menus, footer links, breadcrumb, pagination.

The menus and links come from the portal's settings, which Wagtail keeps on the request.
"""

from django import template
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from portal.blocks.navigation import SOCIAL_NETWORKS
from portal.models import PortalSettings
from portal.page_cache import ALL, remember
from portal.visibility import public

register = template.Library()


def _site_root(context):
    request = context.get("request")
    if request is None:
        return None
    site = Site.find_for_request(request)
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def site_root(context):
    """The root page of the current site (the home page), or None outside a request."""
    return _site_root(context)


def _portal_settings(context):
    """The portal's settings for this request: Wagtail caches them on the request."""
    request = context.get("request")
    if request is None:
        return None
    return PortalSettings.for_request(request)


def _stream_links(stream, request):
    """Links of a menu StreamField, pages resolved in one query, unpublished pages left out."""
    links = []
    for block in stream or []:
        value = block.value
        page = value.get("page")
        if page is not None:
            if not page.live:
                continue
            links.append(
                {
                    "href": page.get_url(request),
                    "text": value.get("label") or page.title,
                    "page_id": page.pk,
                    "path": page.path,
                }
            )
        elif value.get("url"):
            links.append(
                {"href": value["url"], "text": value.get("label"), "page_id": None, "path": None}
            )
    return links


def _menu_entries(context, portal_settings):
    """The main menu's links, with the path of each page to mark the current section."""
    request = context.get("request")
    items = _stream_links(getattr(portal_settings, "main_menu", None), request)
    if items:
        return items
    root = _site_root(context)
    if root is None:
        return []
    return [
        {
            "href": menu_page.get_url(request),
            "text": menu_page.title,
            "page_id": menu_page.pk,
            "path": menu_page.path,
        }
        for menu_page in root.get_children().live().in_menu()
    ] + _network_links()


def _current_state(item, current, request):
    """aria-current: "page" on the link to this very page, "true" on its section's link."""
    if item.get("route"):  # the network's sections, matched on the URL
        here, href = getattr(request, "path", ""), item["href"]
        return "page" if here == href else ("true" if here.startswith(href) else None)
    if isinstance(current, Page) and item.get("path"):
        if current.pk == item["page_id"]:
            return "page"
        return "true" if current.path.startswith(item["path"]) else None
    return None


def _with_current_state(items, current, request):
    return [{**item, "current": _current_state(item, current, request)} for item in items]


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The main menu staff set in the portal's settings; without one, the home page's live
    children shown in menus. The current section is marked.

    The links are computed once per change the layout shows (portal.page_cache.remember)."""
    request = context.get("request")
    portal_settings = _portal_settings(context)
    site_id = getattr(portal_settings, "site_id", None)
    items = remember(
        f"main-menu:{site_id}", lambda: _menu_entries(context, portal_settings), tags=(ALL,)
    )
    return {"request": request, "items": _with_current_state(items, context.get("page"), request)}


# Without a menu set by staff, the network's own sections follow the pages (no query needed).
NETWORK_SECTIONS = [
    ("agenda:agenda", _("Agenda")),
    ("dialogue:groups", _("Groupes")),
    ("dialogue:consultations", _("Consultations")),
    ("participation:participate", _("Participer")),
    ("dialogue:near_me", _("Près de chez moi")),
]


def _network_links():
    return [
        {"href": reverse(name), "text": str(text), "route": True} for name, text in NETWORK_SECTIONS
    ]


@register.simple_tag(takes_context=True)
def footer_pages(context, exclude=None):
    """The home page's live, public children kept out of the menu: legal notice, privacy…"""
    root = _site_root(context)
    if root is None:
        return Page.objects.none()
    pages = public(root.get_children().live()).filter(show_in_menus=False)
    if isinstance(exclude, Page):
        pages = pages.exclude(pk=exclude.pk)
    return pages


@register.simple_tag(takes_context=True)
def footer_links(context, portal_settings=None):
    """Staff's links (or the home page's children kept out of the menu), then the legal notice
    and privacy pages; the accessibility page is shown apart, with the conformance status."""
    portal_settings = portal_settings or _portal_settings(context)
    site_id = getattr(portal_settings, "site_id", None)
    return remember(
        f"footer-links:{site_id}", lambda: _footer_links(context, portal_settings), tags=(ALL,)
    )


def _footer_links(context, portal_settings):
    request = context.get("request")
    links = _stream_links(getattr(portal_settings, "footer_links", None), request)
    if not links:
        excluded = getattr(portal_settings, "accessibility_page_id", None)
        links = [
            {
                "href": other_page.get_url(request),
                "text": other_page.title,
                "page_id": other_page.pk,
            }
            for other_page in footer_pages(context)
            if other_page.pk != excluded
        ]
    listed = {link["page_id"] for link in links}
    for name in ("legal_notice_page", "privacy_page"):
        # Compare ids first: the page is fetched only when it is missing from the footer.
        if portal_settings is None or getattr(portal_settings, f"{name}_id") in (None, *listed):
            continue
        legal_page = getattr(portal_settings, name)
        if legal_page.live:
            listed.add(legal_page.pk)
            links.append({"href": legal_page.get_url(request), "text": legal_page.title})
    return links


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer, rendered once per change the layout shows: it is the same for every visitor
    of a site in a language."""
    request = context.get("request")
    if request is None:
        return render_to_string("includes/site_footer.html", context.flatten())
    site_id = getattr(_portal_settings(context), "site_id", None)
    html = remember(
        f"footer-html:{site_id}",
        lambda: str(render_to_string("includes/site_footer.html", request=request)),
        tags=(ALL,),
    )
    return mark_safe(html)  # rendered by our own template


@register.simple_tag(takes_context=True)
def social_links(context):
    portal_settings = _portal_settings(context)
    links = []
    for block in getattr(portal_settings, "social_links", None) or []:
        value = block.value
        label = value.get("label") or dict(SOCIAL_NETWORKS).get(value.get("network"), "")
        links.append({"url": value.get("url"), "text": label})
    return links


@register.simple_tag(takes_context=True)
def breadcrumb_ancestors(context, page):
    """The ancestors of `page` from the site's home page down, `page` excluded."""
    root = _site_root(context)
    if root is None or not isinstance(page, Page):
        return Page.objects.none()
    return page.get_ancestors().filter(depth__gte=root.depth, path__startswith=root.path)


@register.simple_tag(takes_context=True)
def query_transform(context, **kwargs):
    """The current query string with some parameters replaced, as `?a=1&page=2`.

    A parameter given as None or "" is removed. Other GET parameters (search, filters) are kept.
    """
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in kwargs.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def elided_page_range(page_obj, on_each_side=2, on_ends=1):
    """Page numbers around the current one, with the paginator's ellipsis in the gaps."""
    return list(
        page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=on_each_side, on_ends=on_ends
        )
    )


# The logo's renditions the head links to: a favicon, a touch icon and the sharing image.
ICON_RENDITIONS = {
    "icon": "fill-64x64|format-png",
    "touch": "fill-180x180|format-png",
    "share": "max-1200x630|format-png",
}


@register.simple_tag
def site_icons(portal_settings):
    """The URLs of the icons made from the council's logo ({} without a logo), remembered until
    the layout changes: the head of every page costs no query for them."""
    if portal_settings is None or portal_settings.logo_id is None:
        return {}

    def renditions():
        logo = portal_settings.logo
        try:
            return {name: logo.get_rendition(spec).url for name, spec in ICON_RENDITIONS.items()}
        except OSError:
            return {}  # the logo's file is missing: the default icon, rather than an error page

    return remember(f"icons:{portal_settings.site_id}", renditions, tags=(ALL,))
