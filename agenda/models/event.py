"""Events of the shared agenda, and the log of what changed after publication.

Times are stored aware (UTC in the database) and always shown in Europe/Paris. An all-day event
starts at local midnight of its first day and ends at local midnight after its last day, the
iCalendar convention. A recurring event keeps its RFC 5545 rule (`rrule`, with `exdates` and
`rdates`); its dated instances live in `Occurrence`, which every listing reads.
"""

import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from agenda.models.category import EventCategory
from civic.common.search_text import SearchText, SearchTextQuerySet
from civic.dialogue.models.groups import CivicGroup
from civic.people.models import Profile
from civic.territories.models import Territory, places_within

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def new_uid():
    """A UID unique across portals: a random UUID at this portal's host name."""
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "parvis.localhost"
    return f"{uuid.uuid4()}@{host}"


# What a feed reads of each event besides its commune and status (agenda.ical.ROW_FIELDS, the
# stored VEVENT's check, the window of agenda.filters): tests/agenda/test_agenda_feed_index.py
# checks that the commune index carries them all.
FEED_COLUMNS = [
    "last_ends_at",
    "starts_at",
    "id",
    "organiser_kind",
    "organiser_profile",
    "organiser_group",
    "category",
    "updated_at",
]


class EventQuerySet(SearchTextQuerySet["Event"]):
    def published(self) -> Self:
        return self.filter(status=Event.Status.PUBLISHED)

    def public(self) -> Self:
        """What anyone may see: published events, and cancelled ones (shown as « Annulé »)."""
        return self.filter(status__in=Event.PUBLIC_STATUSES)

    def submitted(self) -> Self:
        return self.filter(status=Event.Status.SUBMITTED)

    def upcoming(self, now: datetime | None = None) -> Self:
        """Events with at least one occurrence not yet over."""
        return self.ending_after(now or timezone.now())

    def ending_after(self, moment: datetime) -> Self:
        """Events with an occurrence ending after `moment`, read on their own `last_ends_at`."""
        return self.filter(last_ends_at__gt=moment)

    def within(self, territory: Territory) -> Self:
        """Events whose commune lies in `territory` (an EPCI gives all its communes)."""
        return self.filter(commune__in=places_within(territory))

    def organised_by(self, profile: Profile) -> Self:
        return self.filter(organiser_kind=Event.OrganiserKind.PROFILE, organiser_profile=profile)

    def organised_by_group(self, group: CivicGroup) -> Self:
        return self.filter(organiser_kind=Event.OrganiserKind.GROUP, organiser_group=group)

    def editable_by(self, user: "AbstractBaseUser | AnonymousUser") -> Self:
        """The events `user` organises or proposed."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(models.Q(created_by=user) | models.Q(organiser_profile__user=user))

    def feed_state(self) -> dict[str, Any]:
        """What a feed built from these events follows: their number (a deletion), their last
        change, and the last change of anything whose name a feed shows beside them: profiles
        and groups (organisers), categories, territories (communes). One statement over the
        tables, not joined to the occurrences, so that even a « 304 Not Modified » stays cheap."""

        def last_change(
            model: type[Profile | CivicGroup | EventCategory | Territory],
        ) -> models.Max:
            newest = model.objects.order_by("-updated_at").values("updated_at")[:1]
            # Max() of one value: aggregate() takes only aggregates, and PostgreSQL runs the
            # subquery once.
            return models.Max(models.Subquery(newest))

        return self.aggregate(
            count=models.Count("*"),
            changed=models.Max("updated_at"),
            organisers=last_change(Profile),
            groups=last_change(CivicGroup),
            categories=last_change(EventCategory),
            territories=last_change(Territory),
        )

    def with_related(self) -> Self:
        return self.select_related(
            "category",
            "commune",
            "image",
            "organiser_profile__user",
            "organiser_profile__home_commune",
            "organiser_profile__mandate_territory",
            "organiser_group",
        )


class Event(SearchText, models.Model):
    SEARCHED_FIELDS = ("title", "description")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("En attente de validation")
        PUBLISHED = "published", _("Publié")
        REJECTED = "rejected", _("Refusé")
        CANCELLED = "cancelled", _("Annulé")

    class OrganiserKind(models.TextChoices):
        PROFILE = "profile", _("Une association ou un membre")
        GROUP = "group", _("Un groupe")
        COUNCIL = "council", _("La collectivité")

    class Origin(models.TextChoices):
        MANUAL = "manual", _("Saisi sur le portail")
        IMPORT = "import", _("Importé d'un calendrier")

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.CANCELLED)

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=220, allow_unicode=False)
    description = models.TextField(
        _("description"), blank=True, help_text=_("HTML nettoyé à l'enregistrement.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_("Décrit l'image pour qui ne la voit pas."),
    )
    category = models.ForeignKey(
        "agenda.EventCategory",
        verbose_name=_("catégorie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )

    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    all_day = models.BooleanField(_("toute la journée"), default=False)
    # The end of its last occurrence (None while it has none), kept with the occurrences by
    # agenda.services.occurrences: a feed keeps the events not over for a month by reading
    # their own row, not by asking each of them, or every occurrence, for a date to come.
    last_ends_at = models.DateTimeField(_("fin de la dernière date"), null=True, editable=False)
    rrule = models.CharField(
        _("règle de récurrence (RRULE)"),
        max_length=500,
        blank=True,
        help_text=_("Au format RFC 5545, par exemple FREQ=WEEKLY;BYDAY=SA."),
    )
    exdates = models.JSONField(
        _("dates exclues"), default=list, blank=True, help_text=_("Débuts ISO 8601 exclus.")
    )
    rdates = models.JSONField(
        _("dates ajoutées"), default=list, blank=True, help_text=_("Débuts ISO 8601 ajoutés.")
    )

    venue_name = models.CharField(_("lieu"), max_length=200, blank=True)
    venue_address = models.CharField(_("adresse"), max_length=300, blank=True)
    commune = models.ForeignKey(
        "civic.Territory",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    online_url = models.URLField(_("lien pour suivre en ligne"), max_length=500, blank=True)

    is_free = models.BooleanField(_("gratuit"), default=True)
    price = models.CharField(_("tarif"), max_length=200, blank=True)
    registration_url = models.URLField(_("lien d'inscription"), max_length=500, blank=True)
    more_info_url = models.URLField(_("page de l'événement"), max_length=500, blank=True)

    wheelchair_accessible = models.BooleanField(_("accessible en fauteuil roulant"), default=False)
    hearing_loop = models.BooleanField(_("boucle magnétique"), default=False)
    sign_language = models.BooleanField(
        _("interprétation en langue des signes (LSF)"), default=False
    )
    easy_to_read = models.BooleanField(
        _("documents faciles à lire et à comprendre (FALC)"), default=False
    )
    audio_description = models.BooleanField(_("audiodescription"), default=False)
    accessibility_notes = models.CharField(
        _("précisions sur l'accessibilité"), max_length=500, blank=True
    )

    organiser_kind = models.CharField(
        _("organisateur"), max_length=10, choices=OrganiserKind, default=OrganiserKind.PROFILE
    )
    # An account deleted takes its events with it (right to erasure).
    organiser_profile = models.ForeignKey(
        "civic.Profile",
        verbose_name=_("association ou membre organisateur"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="organised_events",
    )
    organiser_group = models.ForeignKey(
        "civic.CivicGroup",
        verbose_name=_("groupe organisateur"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_events",
    )

    status = models.CharField(_("état"), max_length=10, choices=Status, default=Status.DRAFT)
    rejection_reason = models.TextField(_("motif du refus"), blank=True)
    cancellation_reason = models.CharField(_("motif de l'annulation"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)

    uid = models.CharField(_("UID iCalendar"), max_length=255, unique=True, default=new_uid)
    sequence = models.PositiveIntegerField(_("version (SEQUENCE)"), default=0)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    origin = models.CharField(_("origine"), max_length=10, choices=Origin, default=Origin.MANUAL)
    source = models.ForeignKey(
        "agenda.CalendarSource",
        verbose_name=_("calendrier importé"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    # Digest of the imported values: an unchanged event is left alone on the next import.
    source_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # Title and description, accent-free and without tags (civic.common.text.normalize), so that search
    # matches a stored column (a trigram index on PostgreSQL) instead of folding accents per row.
    search_text = models.TextField(editable=False, default="")

    objects = EventQuerySet.as_manager()

    ACCESSIBILITY_FIELDS = (
        "wheelchair_accessible",
        "hearing_loop",
        "sign_language",
        "easy_to_read",
        "audio_description",
    )

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["starts_at", "pk"]
        permissions = [("moderate_event", _("Peut valider ou refuser les événements proposés"))]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="event_status_start"),
            models.Index(fields=["organiser_profile", "status"], name="event_organiser_status"),
            # A territory's agenda and feed start from its communes' public events. On
            # PostgreSQL it also carries FEED_COLUMNS, so that a town's feed does not read its
            # rows scattered over the table.
            models.Index(
                fields=["commune", "status"],
                include=FEED_COLUMNS,
                name="event_commune_feed",
            ),
            # The feeds' version (EventQuerySet.feed_state): the last change, one index read.
            models.Index(fields=["updated_at"], name="event_updated"),
            # The whole agenda's feed: the public events not over for a month, once years of
            # past events have piled up.
            models.Index(fields=["status", "last_ends_at"], name="event_status_last_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = (slugify(self.title) or "evenement")[:220].strip("-") or "evenement"
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "slug", "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("agenda:event", kwargs={"pk": self.pk, "slug": self.slug})

    def get_ics_url(self):
        return reverse("agenda:event_ics", kwargs={"pk": self.pk, "slug": self.slug})

    def text_to_search(self):
        return f"{self.title} {strip_tags(self.description)}"

    @property
    def is_public(self):
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_recurring(self):
        return bool(self.rrule or self.rdates)

    @property
    def says_free(self):
        """Free, as its organiser said on the portal. An imported calendar says nothing of the
        price unless it names one: such an event shows no price rather than « Gratuit »."""
        return self.is_free and self.origin == self.Origin.MANUAL

    @property
    def has_own_dates(self):
        """A recurring event entered on the portal, whose dates may be changed one at a time
        (agenda.models.DateChange); an imported one follows its calendar."""
        return self.is_recurring and self.origin == self.Origin.MANUAL

    @property
    def duration(self):
        return self.ends_at - self.starts_at

    @property
    def last_day(self):
        """The last day an all-day event covers (its stored end is the next midnight)."""
        end = timezone.localtime(self.ends_at)
        return (end - timedelta(days=1)).date() if self.all_day else end.date()

    @property
    def is_accessible(self):
        return any(getattr(self, name) for name in self.ACCESSIBILITY_FIELDS)

    @property
    def accessibility_labels(self):
        return [
            self._meta.get_field(name).verbose_name
            for name in self.ACCESSIBILITY_FIELDS
            if getattr(self, name)
        ]

    @property
    def location_text(self):
        """ "Salle des fêtes, 3 rue de la Mairie, Creil": what LOCATION and the page show."""
        parts = [self.venue_name, self.venue_address]
        if self.commune_id and self.commune.name not in self.venue_address:
            parts.append(self.commune.name)
        return ", ".join(p for p in parts if p)


class EventChangeLog(models.Model):
    """Who changed what on an event, once it left the draft: kept for the organiser and staff."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Proposé")
        PUBLISHED = "published", _("Publié")
        APPROVED = "approved", _("Validé")
        REJECTED = "rejected", _("Refusé")
        EDITED = "edited", _("Modifié")
        CANCELLED = "cancelled", _("Annulé")
        RESTORED = "restored", _("Rétabli")
        IMPORTED = "imported", _("Mis à jour par import")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(_("action"), max_length=10, choices=Action)
    fields = models.JSONField(_("champs modifiés"), default=list, blank=True)
    note = models.TextField(_("remarque"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_name = models.CharField(_("nom"), max_length=200, blank=True)
    at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("modification d'événement")
        verbose_name_plural = _("modifications d'événements")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.event} ({self.at:%d/%m/%Y %H:%M})"

    @property
    def field_labels(self):
        labels = []
        for name in self.fields:
            try:
                labels.append(str(Event._meta.get_field(name).verbose_name))
            except Exception:
                labels.append(name)
        return labels


class VEventText(models.Model):
    """An event's VEVENT as agenda.ical serialised it, so that a feed is assembled, not rebuilt.

    It holds every property but URL and ORGANIZER, which depend on the request's host and the
    organiser's current name; `path` is the event's page, reversed once, for the URL. It is
    valid only while it was built by the current format from this version of the event
    (`updated_at`) and the category and commune names it shows: a feed never uses a stale one,
    it rebuilds it. Written by the event services and the feeds.
    """

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, primary_key=True, related_name="vevent"
    )
    format = models.PositiveSmallIntegerField()
    event_updated_at = models.DateTimeField()
    category_name = models.CharField(max_length=80, blank=True)
    commune_name = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    path = models.CharField(max_length=300, default="")

    class Meta:
        verbose_name = _("VEVENT d'un événement")
        verbose_name_plural = _("VEVENT des événements")

    def __str__(self):
        return f"VEVENT — {self.event_id}"
