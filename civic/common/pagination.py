"""Pages of a long listing whose count stays cheap however much data there is."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most `cap` items, in no particular order, so that a count costs the same at any
    scale. Past the cap a listing says « plus de 1 000 » and offers the pages up to it; narrower
    filters reach the rest."""

    cap = 1000

    def __init__(self, *args, cap=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cap is not None:
            self.cap = cap

    @cached_property
    def _counted(self):
        items = self.object_list
        if hasattr(items, "order_by"):  # a queryset; Wagtail's search results have no order
            items = items.order_by()
        return items[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self._counted, self.cap)

    @property
    def is_capped(self):
        """More items than `count` says."""
        return self._counted > self.cap
