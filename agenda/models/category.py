"""Event categories: a short list staff edit in the Wagtail admin (a snippet)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventCategory(models.Model):
    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    # The feeds show the name: their ETag and Last-Modified follow this (EventQuerySet.feed_state).
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("catégorie d'événement")
        verbose_name_plural = _("catégories d'événement")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name
