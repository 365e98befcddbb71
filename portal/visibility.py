"""Which live pages anonymous visitors may see, without asking the database on every page.

Wagtail's `PageQuerySet.public()` reads every view restriction before building its filter: one
query each time a listing asks. The restricted paths change only when staff restrict or free a
page, so they are kept until the next change the layout shows (portal.page_cache.remember).
"""

from django.db.models import Q
from wagtail.models import PageViewRestriction

from portal.page_cache import ALL, remember


def restricted_paths():
    return remember(
        "restricted-paths",
        lambda: sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True))),
        tags=(ALL,),
    )


def public(pages):
    """`pages` without those under a view restriction (password, signed-in, groups)."""
    restricted = Q()
    for path in restricted_paths():
        restricted |= Q(path__startswith=path)
    return pages.exclude(restricted) if restricted else pages


class RememberedRestrictionsMixin:
    """For page models: Wagtail checks a page's view restrictions on every request it serves,
    two queries (the page's ancestors, then their restrictions). A page that is no alias and
    lies under no restricted path has none, which the remembered paths tell without a query."""

    def get_view_restrictions(self):
        if self.alias_of_id is None and not any(
            self.path.startswith(path) for path in restricted_paths()
        ):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
