"""Template helpers for the portal's layout: menu, breadcrumb, pagination.

Nothing is cached yet: each tag runs one small query per request.
"""

from django import template
from django.http import QueryDict
from wagtail.models import Page, Site

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


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The home page's live children shown in menus, the current section marked."""
    root = _site_root(context)
    current = context.get("page")
    items = []
    if root is not None:
        for menu_page in root.get_children().live().in_menu():
            state = None
            if isinstance(current, Page):
                if current.pk == menu_page.pk:
                    state = "page"
                elif current.path.startswith(menu_page.path):
                    state = "true"
            items.append({"page": menu_page, "current": state})
    return {"request": context.get("request"), "items": items}


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
