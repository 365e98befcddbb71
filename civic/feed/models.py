"""What a member follows besides people (civic.Follow): territories, news themes, event
categories and groups, each named by its kind and its primary key.

The targets of some kinds live in the upper layers (news themes in the portal, event categories
in the agenda): civic stores their keys and never reads them; the portal, which assembles
« Mon fil », checks them when a follow is made and reads them.
"""

from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InterestQuerySet(models.QuerySet["Interest"]):
    def of(self, user) -> Self:
        return self.filter(user=user.pk)

    def targets(self, kind: str) -> list[int]:
        return [i.target_id for i in self if i.kind == kind]


class Interest(models.Model):
    class Kind(models.TextChoices):
        TERRITORY = "territory", _("Territoire")
        NEWS_THEME = "news_theme", _("Thème d'actualité")
        EVENT_CATEGORY = "event_category", _("Catégorie d'événements")
        GROUP = "group", _("Groupe")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="civic_interests"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    target_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = InterestQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnements")
        ordering = ["kind", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "target_id"], name="interest_unique")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.kind} {self.target_id}"
