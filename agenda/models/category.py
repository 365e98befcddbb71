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


class CategoryMapping(models.Model):
    """A category name read in imported calendars (CATEGORIES:MARKET) and the portal's category
    it stands for, set by staff: imports no longer fall back silently on the default."""

    name = models.CharField(
        _("catégorie dans les calendriers importés"),
        max_length=120,
        unique=True,
        help_text=_("Telle qu'elle est écrite dans le fichier, par exemple MARKET ou Marché."),
    )
    category = models.ForeignKey(
        EventCategory,
        verbose_name=_("catégorie du portail"),
        on_delete=models.CASCADE,
        related_name="mappings",
    )

    class Meta:
        verbose_name = _("correspondance de catégorie")
        verbose_name_plural = _("correspondances de catégories")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} → {self.category}"
