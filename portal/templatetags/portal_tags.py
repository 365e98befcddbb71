"""Template helpers for the portal's layout: menus, footer links, breadcrumb, pagination.

The menus and links come from the portal's settings, which Wagtail keeps on the request.
"""

from django import template
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from portal.blocks_navigation import SOCIAL_NETWORKS

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
    from portal.models import PortalSettings

    return PortalSettings.for_request(request)


def _stream_links(stream, request, current=None):
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
                    "current": _current_state(current, page),
                }
            )
        elif value.get("url"):
            links.append(
                {"href": value["url"], "text": value.get("label"), "page_id": None, "current": None}
            )
    return links


def _current_state(current, menu_page):
    if not isinstance(current, Page) or menu_page is None:
        return None
    if current.pk == menu_page.pk:
        return "page"
    if current.path.startswith(menu_page.path):
        return "true"
    return None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The main menu staff set in the portal's settings; without one, the home page's live
    children shown in menus. The current section is marked."""
    request = context.get("request")
    current = context.get("page")
    portal_settings = _portal_settings(context)
    items = _stream_links(getattr(portal_settings, "main_menu", None), request, current)
    if not items:
        root = _site_root(context)
        if root is not None:
            items = [
                {
                    "href": menu_page.get_url(request),
                    "text": menu_page.title,
                    "current": _current_state(current, menu_page),
                }
                for menu_page in root.get_children().live().in_menu()
            ]
        items += _network_links(request)
    return {"request": request, "items": items}


# Without a menu set by staff, the network's own sections follow the pages (no query needed).
NETWORK_SECTIONS = [
    ("agenda:agenda", _("Agenda")),
    ("dialogue:groups", _("Groupes")),
    ("dialogue:consultations", _("Consultations")),
    ("dialogue:near_me", _("Près de chez moi")),
]


def _network_links(request):
    path = getattr(request, "path", "")
    links = []
    for name, text in NETWORK_SECTIONS:
        href = reverse(name)
        current = "page" if path == href else ("true" if path.startswith(href) else None)
        links.append({"href": href, "text": text, "current": current})
    return links


@register.simple_tag(takes_context=True)
def footer_pages(context, exclude=None):
    """The home page's live, public children kept out of the menu: legal notice, privacy…"""
    root = _site_root(context)
    if root is None:
        return Page.objects.none()
    pages = root.get_children().live().public().filter(show_in_menus=False)
    if isinstance(exclude, Page):
        pages = pages.exclude(pk=exclude.pk)
    return pages


@register.simple_tag(takes_context=True)
def footer_links(context, portal_settings=None):
    """The footer's links: those staff set, or the home page's children kept out of the menu,
    then the legal notice and privacy pages of the settings when not already there.

    The accessibility page is left out: the footer gives it with the conformance status.
    """
    request = context.get("request")
    portal_settings = portal_settings or _portal_settings(context)
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
