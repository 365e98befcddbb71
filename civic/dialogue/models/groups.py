"""Groups: people meeting around a theme and a territory, led by animators.

`CivicGroup` (shown as « groupe ») avoids a clash with django.contrib.auth's Group. A group is
public to read; members post. Its description and rules are kept as typed and as sanitised HTML.
"""

from typing import Self

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.common.text import normalize, with_words
from civic.territories.models import Territory, places_within
from civic.territories.proximity import Vicinity, aimed_at


class Theme(models.Model):
    """A topic staff maintain (mobilité, culture…): a Wagtail snippet."""

    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class CivicGroupQuerySet(models.QuerySet["CivicGroup"]):
    def visible(self) -> Self:
        return self.filter(is_hidden=False)

    def within(self, territory: "Territory") -> Self:
        """Groups about `territory` or a place inside it."""
        return self.filter(territory__in=places_within(territory))

    def concerning(self, commune: "Territory") -> Self:
        """Groups about `commune`, every territory containing it, and the quartiers inside it."""
        around = Territory.objects.containing(commune).values("pk")
        inside = Territory.objects.within(commune).values("pk")
        return self.filter(models.Q(territory__in=around) | models.Q(territory__in=inside))

    def most_specific_first(self, vicinity: Vicinity | None, *, since=None) -> Self:
        """Groups about the visitor's commune (or a quartier of it) first, then its EPCI, its
        département, its région, the rest; most recently active first inside each level. A group
        quiet since before `since` counts with the rest. Annotated `specificity`."""
        level = aimed_at("territory", vicinity, date_field="last_activity_at", since=since)
        return self.annotate(specificity=level).order_by("specificity", "-last_activity_at", "pk")

    def with_counts(self) -> Self:
        active = models.Q(memberships__status=Membership.Status.ACTIVE)
        return self.annotate(members_count=models.Count("memberships", filter=active))

    def search(self, text: str) -> Self:
        return with_words(self, text)


class CivicGroup(models.Model):
    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Ouvert : chacun peut rejoindre le groupe")
        REQUEST = "request", _("Sur demande : les animateurs acceptent les membres")

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant d'URL"), max_length=140, unique=True)
    description = models.TextField(_("description"), max_length=4000)
    description_html = models.TextField(editable=False, default="")
    rules = models.TextField(_("règles du groupe"), max_length=4000, blank=True)
    rules_html = models.TextField(editable=False, default="")
    theme = models.ForeignKey(
        Theme, verbose_name=_("thème"), on_delete=models.PROTECT, related_name="groups"
    )
    territory = models.ForeignKey(
        "civic.Territory",
        verbose_name=_("territoire concerné"),
        on_delete=models.PROTECT,
        related_name="civic_groups",
    )
    join_policy = models.CharField(
        _("adhésion"), max_length=10, choices=JoinPolicy, default=JoinPolicy.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    # Bumped by save(), not by the activity counters (update()): the agenda's feeds show the name.
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    last_activity_at = models.DateTimeField(_("dernière activité"), default=timezone.now)
    is_hidden = models.BooleanField(_("masqué par la modération"), default=False)
    hidden_reason = models.CharField(_("motif du masquage"), max_length=500, blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = CivicGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("groupe")
        verbose_name_plural = _("groupes")
        ordering = ["-last_activity_at", "pk"]
        permissions = [
            ("moderate_content", _("Peut modérer les groupes et les discussions")),
            (
                "open_consultation",
                _("Peut ouvrir une consultation et publier une réponse officielle"),
            ),
        ]
        indexes = [
            models.Index(fields=["is_hidden", "-last_activity_at"], name="group_activity"),
            models.Index(fields=["updated_at"], name="group_updated"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = normalize(f"{self.name} {self.description}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("dialogue:group", args=[self.slug])


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Membre")
        ANIMATOR = "animator", _("Animateur·rice")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Membre")
        REQUESTED = "requested", _("Demande en attente")
        SUSPENDED = "suspended", _("Suspendu·e")

    class Notify(models.TextChoices):
        DIGEST = "digest", _("Un résumé par jour")
        IMMEDIATE = "immediate", _("Un courriel à chaque nouveauté")
        NEVER = "never", _("Jamais")

    group = models.ForeignKey(CivicGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="civic_memberships"
    )
    role = models.CharField(_("rôle"), max_length=10, choices=Role, default=Role.MEMBER)
    status = models.CharField(_("statut"), max_length=10, choices=Status, default=Status.ACTIVE)
    notify = models.CharField(_("courriels"), max_length=10, choices=Notify, default=Notify.DIGEST)
    joined_at = models.DateTimeField(_("depuis le"), default=timezone.now)

    class Meta:
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_unique_member")
        ]
        indexes = [models.Index(fields=["group", "status", "role"], name="membership_group")]

    def __str__(self):
        return f"{self.user} — {self.group} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def is_animator(self):
        return self.is_active and self.role == self.Role.ANIMATOR
