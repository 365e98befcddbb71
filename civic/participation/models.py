"""From dialogue to decision: citizens' proposals and petitions under article L1112-16 CGCT.

Counters are denormalised (a proposal's supports, their split by commune, a petition's online and
paper signatures), written by the services in the transaction that adds or withdraws a row: no
page ever counts the supports or signatures themselves.
"""

from datetime import date
from typing import Self

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.common.search_text import SearchText, SearchTextQuerySet
from civic.territories.models import places_within

TITLE_MAX = 200
TEXT_MAX = 5000


# Proposals.


class SupportThreshold(models.Model):
    """Supports that send a proposal of this territory (or inside it) to the council, set by staff."""

    territory = models.OneToOneField(
        "civic.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="support_threshold",
    )
    supports = models.PositiveIntegerField(_("soutiens nécessaires"))
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("seuil de soutiens")
        verbose_name_plural = _("seuils de soutiens")

    def __str__(self):
        return f"{self.territory} : {self.supports}"


class ProposalQuerySet(SearchTextQuerySet["Proposal"]):
    def visible(self) -> Self:
        return self.filter(is_hidden=False)

    def within(self, territory) -> Self:
        return self.filter(territory__in=places_within(territory))

    def with_related(self) -> Self:
        return self.select_related("territory", "theme")

    def waiting_for_council(self) -> Self:
        """Reached their threshold, not yet taken up by the council."""
        return self.filter(
            status=Proposal.Status.SUBMITTED, reached_at__isnull=False, is_hidden=False
        )

    def decided(self) -> Self:
        return self.filter(status__in=Proposal.DECIDED)

    def sorted_by(self, sort: str) -> Self:
        if sort == "soutiens":
            return self.order_by("-support_count", "-created_at", "-pk")
        if sort == "seuil":
            # Open proposals with a threshold first, the fewest supports missing first.
            return self.alias(
                _missing=models.ExpressionWrapper(
                    models.F("threshold") - models.F("support_count"),
                    output_field=models.IntegerField(),
                )
            ).order_by(
                models.F("reached_at").asc(nulls_first=True),
                models.F("_missing").asc(nulls_last=True),
                "-created_at",
                "-pk",
            )
        return self.order_by("-created_at", "-pk")


class Proposal(SearchText, models.Model):
    SEARCHED_FIELDS = ("title", "body")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Déposée")
        STUDY = "study", _("À l'étude")
        ACCEPTED = "accepted", _("Retenue")
        PARTLY = "partly", _("Retenue en partie")
        REJECTED = "rejected", _("Non retenue")
        DONE = "done", _("Réalisée")

    DECIDED = (Status.ACCEPTED, Status.PARTLY, Status.REJECTED, Status.DONE)
    # Only submitted proposals gather supports: once the council has taken one up, it decides.
    SUPPORTABLE = (Status.SUBMITTED,)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="civic_proposals",
    )
    title = models.CharField(_("titre"), max_length=TITLE_MAX)
    body = models.TextField(_("proposition"), max_length=TEXT_MAX)
    theme = models.ForeignKey(
        "civic.Theme", verbose_name=_("thème"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "civic.Territory",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    image = models.ImageField(
        _("image"), upload_to="propositions/%Y/%m/", blank=True, max_length=200
    )
    image_alt = models.CharField(_("description de l'image"), max_length=250, blank=True)
    place = models.CharField(
        _("lieu"), max_length=200, blank=True, help_text=_("Une adresse, un lieu-dit, un bâtiment…")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    status = models.CharField(_("état"), max_length=10, choices=Status, default=Status.SUBMITTED)
    service = models.CharField(_("service chargé de l'étude"), max_length=200, blank=True)
    support_count = models.PositiveIntegerField(_("soutiens"), default=0)
    # Copied from the nearest SupportThreshold when the proposal is made (and when staff change it).
    threshold = models.PositiveIntegerField(_("seuil"), null=True, blank=True)
    reached_at = models.DateTimeField(_("seuil atteint le"), null=True, blank=True)
    created_at = models.DateTimeField(_("déposée le"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("dernier changement d'état"), default=timezone.now)
    is_hidden = models.BooleanField(_("masquée par la modération"), default=False)
    hidden_reason = models.CharField(_("motif du masquage"), max_length=500, blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="proposal_newest"),
            models.Index(fields=["-support_count", "-created_at"], name="proposal_supported"),
            models.Index(fields=["territory", "-created_at"], name="proposal_territory"),
            models.Index(fields=["status", "-status_changed_at"], name="proposal_status"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:proposal", args=[self.pk])

    def text_to_search(self):
        return f"{self.title} {self.body}"

    @property
    def is_supportable(self):
        return self.status in self.SUPPORTABLE and not self.is_hidden

    @property
    def missing_supports(self):
        if self.threshold is None:
            return None
        return max(self.threshold - self.support_count, 0)

    @property
    def progress_percent(self):
        if not self.threshold:
            return None
        return min(100, self.support_count * 100 // self.threshold)


class ProposalSupport(models.Model):
    """One person's support, once per proposal; the commune is their home commune when they supported."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="civic_supports"
    )
    commune = models.ForeignKey(
        "civic.Territory", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(_("soutenue le"), default=timezone.now)

    class Meta:
        verbose_name = _("soutien")
        verbose_name_plural = _("soutiens")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposalsupport_unique")
        ]
        indexes = [models.Index(fields=["user", "proposal"], name="proposalsupport_user")]

    def __str__(self):
        return f"{self.user_id} → {self.proposal_id}"


class ProposalCommuneCount(models.Model):
    """Supports of a proposal from one commune: the split the page shows, kept by the services."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="commune_counts", db_index=False
    )
    commune = models.ForeignKey("civic.Territory", on_delete=models.CASCADE, related_name="+")
    supports = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "commune"], name="proposalcommune_unique")
        ]

    def __str__(self):
        return f"{self.proposal_id} / {self.commune_id} : {self.supports}"


class ProposalFollow(models.Model):
    """Someone who wants to hear what becomes of a proposal without supporting it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="civic_proposal_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposalfollow_unique")
        ]
        indexes = [models.Index(fields=["user", "proposal"], name="proposalfollow_user")]

    def __str__(self):
        return f"{self.user_id} → {self.proposal_id}"


class ProposalUpdate(models.Model):
    """A dated step of the public « suivi »: a change of state, or news with an optional photo."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The name and role shown, kept when the account is gone.
    author_name = models.CharField(_("publié par"), max_length=300)
    status = models.CharField(_("nouvel état"), max_length=10, choices=Proposal.Status, blank=True)
    service = models.CharField(_("service"), max_length=200, blank=True)
    text = models.TextField(_("texte"), max_length=TEXT_MAX, blank=True)
    photo = models.ImageField(_("photo"), upload_to="propositions/suivi/%Y/%m/", blank=True)
    photo_alt = models.CharField(_("description de la photo"), max_length=250, blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("suivi de proposition")
        verbose_name_plural = _("suivis de propositions")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.proposal_id} — {self.created_at:%d/%m/%Y}"


class ProposalCommentQuerySet(models.QuerySet["ProposalComment"]):
    def shown(self) -> Self:
        return self.select_related(
            "author__profile__home_commune", "author__profile__mandate_territory"
        )


class ProposalComment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("commentaire"), max_length=3000)
    created_at = models.DateTimeField(_("publié le"), default=timezone.now)
    is_hidden = models.BooleanField(_("masqué par la modération"), default=False)
    hidden_reason = models.CharField(_("motif du masquage"), max_length=500, blank=True)

    objects = ProposalCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commentaire de proposition")
        verbose_name_plural = _("commentaires de propositions")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:80]


class ParticipationReportQuerySet(models.QuerySet["ParticipationReport"]):
    def open(self) -> Self:
        return self.filter(status=ParticipationReport.Status.OPEN)


class ParticipationReport(models.Model):
    """A report about a proposal, one of its comments, or a petition, for the moderators."""

    class Status(models.TextChoices):
        OPEN = "open", _("À traiter")
        DISMISSED = "dismissed", _("Classé sans suite")
        ACTIONED = "actioned", _("Contenu masqué")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    comment = models.ForeignKey(
        ProposalComment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    petition = models.ForeignKey(
        "civic.Petition", on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reason = models.CharField(_("motif"), max_length=20)
    text = models.TextField(_("précisions"), max_length=2000, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status, default=Status.OPEN)
    created_at = models.DateTimeField(_("signalé le"), default=timezone.now)
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    handled_by = models.CharField(_("traité par"), max_length=200, blank=True)
    decision_reason = models.TextField(_("motif de la décision"), max_length=2000, blank=True)

    objects = ParticipationReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("signalement (participation)")
        verbose_name_plural = _("signalements (participation)")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="partreport_status")]

    def __str__(self):
        return str(self.target)

    @property
    def target(self):
        return self.comment or self.proposal or self.petition


# Petitions (article L1112-16 CGCT).


class Electorate(models.Model):
    """Registered voters of a collectivity, as staff read them on the electoral roll."""

    territory = models.OneToOneField(
        "civic.Territory",
        verbose_name=_("collectivité"),
        on_delete=models.CASCADE,
        related_name="electorate",
    )
    registered_voters = models.PositiveIntegerField(_("électeurs inscrits"))
    roll_date = models.DateField(_("date de la liste électorale"))
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("corps électoral")
        verbose_name_plural = _("corps électoraux")

    def __str__(self):
        return f"{self.territory} : {self.registered_voters}"


def quarter_of(day: date) -> int:
    """20264 for October–December 2026: the civil quarter a signature counts in."""
    return day.year * 10 + (day.month - 1) // 3 + 1


class PetitionQuerySet(SearchTextQuerySet["Petition"]):
    def visible(self) -> Self:
        return self.filter(is_hidden=False)

    def open(self) -> Self:
        return self.filter(status=Petition.Status.OPEN)

    def with_related(self) -> Self:
        return self.select_related("collectivity")


class Petition(SearchText, models.Model):
    SEARCHED_FIELDS = ("title", "body")

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Organiser une consultation des électeurs")
        DELIBERATION = "deliberation", _("Délibérer sur une question précise")

    class Status(models.TextChoices):
        OPEN = "open", _("Signatures en cours")
        SENT = "sent", _("Demande adressée")
        ACKNOWLEDGED = "acknowledged", _("Réception accusée")
        INFORMED = "informed", _("Assemblée informée")
        DECIDED = "decided", _("Décision de l'assemblée")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="civic_petitions",
    )
    collectivity = models.ForeignKey(
        "civic.Territory",
        verbose_name=_("collectivité"),
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    kind = models.CharField(_("objet de la demande"), max_length=12, choices=Kind)
    title = models.CharField(_("titre"), max_length=TITLE_MAX)
    body = models.TextField(_("texte de la demande"), max_length=TEXT_MAX)
    status = models.CharField(_("état"), max_length=12, choices=Status, default=Status.OPEN)
    # Fixed when the petition opens, from the electorate staff entered (and the roll's date).
    registered_voters = models.PositiveIntegerField(_("électeurs inscrits"))
    roll_date = models.DateField(_("date de la liste électorale"))
    threshold = models.PositiveIntegerField(_("signatures nécessaires"))
    online_count = models.PositiveIntegerField(_("signatures en ligne"), default=0)
    paper_count = models.PositiveIntegerField(_("signatures sur papier"), default=0)
    created_at = models.DateTimeField(_("ouverte le"), default=timezone.now)
    sent_at = models.DateTimeField(_("demande adressée le"), null=True, blank=True)
    addressee = models.CharField(_("destinataire"), max_length=300, blank=True)
    acknowledged_at = models.DateField(_("accusé de réception le"), null=True, blank=True)
    meeting_date = models.DateField(
        _("séance où l'assemblée a été informée"), null=True, blank=True
    )
    meeting_label = models.CharField(_("séance"), max_length=300, blank=True)
    decided_at = models.DateField(_("décision le"), null=True, blank=True)
    decision = models.TextField(_("décision de l'assemblée"), max_length=TEXT_MAX, blank=True)
    is_hidden = models.BooleanField(_("masquée par la modération"), default=False)
    hidden_reason = models.CharField(_("motif du masquage"), max_length=500, blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("pétition")
        verbose_name_plural = _("pétitions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="petition_status")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:petition", args=[self.pk])

    def text_to_search(self):
        return f"{self.title} {self.body}"

    @property
    def signature_count(self):
        return self.online_count + self.paper_count

    @property
    def progress_percent(self):
        return min(100, self.signature_count * 100 // max(self.threshold, 1))

    @property
    def is_open(self):
        return self.status == self.Status.OPEN and not self.is_hidden

    @property
    def was_sent(self):
        return self.sent_at is not None


class PetitionSignature(models.Model):
    """One voter's signature. Name, commune of registration and birth date are for the council's
    check against the rolls, never shown publicly."""

    class Source(models.TextChoices):
        ONLINE = "online", _("En ligne")
        PAPER = "paper", _("Liste papier")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    # The collectivity and quarter, copied: the one-request-a-quarter rule is a unique constraint.
    collectivity = models.ForeignKey("civic.Territory", on_delete=models.PROTECT, related_name="+")
    quarter = models.PositiveIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="civic_signatures",
    )
    last_name = models.CharField(_("nom"), max_length=150)
    first_names = models.CharField(_("prénoms"), max_length=150)
    birth_date = models.DateField(_("date de naissance"))
    commune = models.ForeignKey(
        "civic.Territory",
        verbose_name=_("commune d'inscription sur la liste électorale"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Normalised name and birth date: the same voter signing online and on paper is one voter.
    voter_key = models.CharField(max_length=320, editable=False)
    source = models.CharField(max_length=6, choices=Source, default=Source.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_by_name = models.CharField(_("saisie par"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("signée le"), default=timezone.now)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collectivity", "quarter", "voter_key"], name="signature_voter_quarter"
            ),
            models.UniqueConstraint(
                fields=["collectivity", "quarter", "user"],
                condition=models.Q(user__isnull=False),
                name="signature_user_quarter",
            ),
        ]
        indexes = [
            models.Index(fields=["petition", "created_at"], name="signature_petition"),
            models.Index(fields=["user"], name="signature_user"),
        ]

    def __str__(self):
        return f"{self.petition_id} — {self.created_at:%d/%m/%Y}"
