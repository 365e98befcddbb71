"""The stored, accent-free copy of a model's text that search matches (`search_text`).

Written by civic.common.text.normalize from `text_to_search()`: on save, only when one of the
`SEARCHED_FIELDS` is saved (not for a change of status or a counter), and by the queryset's
`bulk_create`, which skips save() (imports, the demo, the benchmark).
"""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models

from civic.common.text import normalize

M = TypeVar("M", bound=models.Model)


class SearchTextQuerySet(models.QuerySet[M]):
    def bulk_create(self, objs: Iterable[M], *args: Any, **kwargs: Any) -> list[M]:
        objs = list(objs)
        for obj in objs:
            obj.refresh_search_text()  # type: ignore[attr-defined]  # a SearchText model
        return super().bulk_create(objs, *args, **kwargs)


class SearchText:
    """Mixed into a model that declares a `search_text` field."""

    SEARCHED_FIELDS: tuple[str, ...] = ()

    def text_to_search(self):
        raise NotImplementedError

    def refresh_search_text(self):
        self.search_text = normalize(self.text_to_search())

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if fields is None or not set(self.SEARCHED_FIELDS).isdisjoint(fields):
            self.refresh_search_text()
            if fields is not None:
                kwargs["update_fields"] = {*fields, "search_text"}
        super().save(*args, **kwargs)
