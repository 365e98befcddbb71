"""Who speaks: one profile per account — citizen, association or elected official.

Associations and elected officials are *requests* until staff verify them; only a verified profile
carries a badge. Every staff decision is kept in `VerificationDecision` (who, when, why).
"""

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civic.common.text import normalize, with_words
from civic.common.validators import validate_rna, validate_siren
from civic.identity.levels import EXPLANATIONS, IdentitySource, TrustLevel, level_of
from civic.territories.models import places_within

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class ProfileQuerySet(models.QuerySet["Profile"]):
    def search(self, text: str) -> Self:
        return with_words(self, text)

    def with_related(self) -> Self:
        return self.select_related("user", "home_commune", "action_territory", "mandate_territory")

    def verified(self) -> Self:
        return self.filter(status=Profile.Status.VERIFIED)

    def pending(self) -> Self:
        return self.filter(status=Profile.Status.PENDING)

    def public(self) -> Self:
        """Profiles anyone may see without an account: verified associations and elected officials."""
        return self.verified().exclude(kind=Profile.Kind.CITIZEN)

    def visible_to(self, user: "AbstractBaseUser | AnonymousUser") -> Self:
        """What the directory may list for `user`: citizens only for signed-in members, never hidden ones."""
        if user.is_authenticated:
            return self.filter(
                models.Q(kind=Profile.Kind.CITIZEN, hide_from_directory=False)
                | models.Q(status=Profile.Status.VERIFIED, kind__in=Profile.PUBLIC_KINDS)
            )
        return self.public()

    def within(self, territory):
        """Profiles whose commune, territory of action or territory of mandate lies inside `territory`."""
        # One list of places for the three relations: joining the closure table once per
        # relation multiplied the rows.
        places = places_within(territory)
        return self.filter(
            models.Q(home_commune__in=places)
            | models.Q(action_territory__in=places)
            | models.Q(mandate_territory__in=places)
        )


class NameForm(models.TextChoices):
    FULL = "full", _("Prénom et nom (Camille Durand)")
    INITIAL = "initial", _("Prénom et initiale du nom (Camille D.)")


class Profile(models.Model):
    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Citoyen·ne")
        ASSOCIATION = "association", _("Association")
        ELECTED = "elected", _("Élu·e")

    class Status(models.TextChoices):
        NONE = "none", _("Sans demande")
        PENDING = "pending", _("En attente de vérification")
        VERIFIED = "verified", _("Vérifié")
        REJECTED = "rejected", _("Refusé")

    class Office(models.TextChoices):
        MAIRE = "maire", _("Maire")
        ADJOINT = "adjoint", _("Adjoint·e au maire")
        CONSEILLER_MUNICIPAL = "conseiller_municipal", _("Conseiller·e municipal·e")
        CONSEILLER_COMMUNAUTAIRE = "conseiller_communautaire", _("Conseiller·e communautaire")
        PRESIDENT_EPCI = "president_epci", _("Président·e")
        VICE_PRESIDENT_EPCI = "vice_president_epci", _("Vice-président·e")
        CONSEILLER_DEPARTEMENTAL = "conseiller_departemental", _("Conseiller·e départemental·e")
        PRESIDENT_DEPARTEMENT = "president_departement", _("Président·e du conseil départemental")
        CONSEILLER_REGIONAL = "conseiller_regional", _("Conseiller·e régional·e")
        DEPUTE = "depute", _("Député·e")
        SENATEUR = "senateur", _("Sénateur·rice")

    class Civility(models.TextChoices):
        # How titles and messages speak of the person; unset, they use inclusive forms.
        UNSET = "", _("Ne pas préciser")
        MADAME = "madame", _("Madame")
        MONSIEUR = "monsieur", _("Monsieur")

    PUBLIC_KINDS = (Kind.ASSOCIATION, Kind.ELECTED)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    kind = models.CharField(_("type de profil"), max_length=12, choices=Kind, default=Kind.CITIZEN)
    status = models.CharField(_("vérification"), max_length=10, choices=Status, default=Status.NONE)
    display_name = models.CharField(_("nom affiché"), max_length=200, editable=False)
    civility = models.CharField(
        _("civilité"),
        max_length=8,
        choices=Civility,
        blank=True,
        default=Civility.UNSET,
        help_text=_("Pour accorder vos titres : « Conseillère départementale », « Élu vérifié »…"),
    )
    bio = models.TextField(_("présentation"), max_length=1000, blank=True)
    avatar = models.ImageField(_("photo ou logo"), upload_to="avatars/%Y/%m/", blank=True)
    home_commune = models.ForeignKey(
        "civic.Territory",
        verbose_name=_("commune de résidence"),
        on_delete=models.PROTECT,
        related_name="residents",
        null=True,
        blank=True,
        limit_choices_to={"kind": "commune"},
    )
    links = models.TextField(
        _("liens"), blank=True, help_text=_("Une adresse web par ligne (site, réseaux sociaux).")
    )
    hide_from_directory = models.BooleanField(
        _("ne pas apparaître dans l'annuaire"),
        default=False,
        help_text=_("Votre profil reste visible à côté de vos messages."),
    )

    # Association: legal identity.
    organisation_name = models.CharField(_("nom de l'association"), max_length=200, blank=True)
    rna = models.CharField(_("numéro RNA"), max_length=10, blank=True, validators=[validate_rna])
    siren = models.CharField(
        _("numéro SIREN"), max_length=9, blank=True, validators=[validate_siren]
    )
    purpose = models.TextField(_("objet de l'association"), max_length=2000, blank=True)
    website = models.URLField(_("site web"), blank=True)
    action_territory = models.ForeignKey(
        "civic.Territory",
        verbose_name=_("territoire d'action"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    # Elected official: the mandate.
    office = models.CharField(_("fonction"), max_length=30, choices=Office, blank=True)
    mandate_territory = models.ForeignKey(
        "civic.Territory",
        verbose_name=_("territoire du mandat"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    mandate_start = models.DateField(_("début du mandat"), null=True, blank=True)
    political_group = models.CharField(_("groupe politique"), max_length=200, blank=True)

    # Where the first and family names come from, and the level of trust they amount to
    # (computed on save; email_confirmed follows allauth's EmailAddress, civic/identity/signals.py).
    identity_source = models.CharField(
        _("source de l'identité"),
        max_length=16,
        choices=IdentitySource,
        default=IdentitySource.DECLARED,
    )
    email_confirmed = models.BooleanField(_("adresse confirmée"), default=False)
    # FranceConnect's identifier of the person for this portal (`sub`), when linked.
    franceconnect_sub = models.CharField(
        _("identifiant FranceConnect"), max_length=255, null=True, blank=True, unique=True
    )
    certified_at = models.DateTimeField(_("identité certifiée le"), null=True, blank=True)
    name_form = models.CharField(
        _("forme du nom affiché"), max_length=8, choices=NameForm, default=NameForm.FULL
    )
    trust_level = models.CharField(
        _("niveau de confiance"),
        max_length=16,
        choices=TrustLevel,
        default=TrustLevel.UNCONFIRMED,
        editable=False,
    )

    # Accent- and case-free copy of the name and purpose, for the directory's text search.
    search_text = models.TextField(editable=False, default="")

    requested_at = models.DateTimeField(_("demande envoyée le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")
        ordering = ["display_name"]
        permissions = [("verify_profile", _("Peut vérifier les associations et les élu·es"))]
        indexes = [
            # A kind of verified profiles in name order (the directory): PostgreSQL walks it and
            # stops at a page's worth, instead of joining every match before sorting.
            models.Index(
                fields=["kind", "status", "display_name", "id"], name="profile_kind_status_name"
            ),
            models.Index(fields=["display_name"], name="profile_display_name"),
            # The directory and search filtered by level, in name order.
            models.Index(fields=["trust_level", "display_name", "id"], name="profile_level_name"),
            # The last change of any profile (an organiser's name in the agenda's feeds).
            models.Index(fields=["updated_at"], name="profile_updated"),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.display_name = self.compute_display_name()
        self.search_text = normalize(f"{self.display_name} {self.organisation_name} {self.purpose}")
        self.trust_level = level_of(
            kind=self.kind,
            status=self.status,
            identity_source=self.identity_source,
            email_confirmed=self.email_confirmed,
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "display_name",
                "search_text",
                "trust_level",
            }
        super().save(*args, **kwargs)

    def compute_display_name(self):
        if self.kind == self.Kind.ASSOCIATION and self.organisation_name:
            return self.organisation_name
        first, last = self.user.first_name, self.user.last_name
        if self.name_form == NameForm.INITIAL and self.kind == self.Kind.CITIZEN and last:
            # Only certified citizens may choose it: their full name is known to the portal.
            last = f"{last[0]}."
        return f"{first} {last}".strip() or self.user.email

    @property
    def is_verified(self):
        return self.status == self.Status.VERIFIED

    @property
    def is_public(self):
        return self.is_verified and self.kind in self.PUBLIC_KINDS

    @property
    def badge(self):
        """The public label shown next to the name, or "" for citizens and unverified requests."""
        if not self.is_verified:
            return ""
        if self.kind == self.Kind.ASSOCIATION:
            return _("Association vérifiée")
        if self.kind == self.Kind.ELECTED:
            return self.gendered(
                _("Élue vérifiée — %(mandate)s"),
                _("Élu vérifié — %(mandate)s"),
                _("Élu·e vérifié·e — %(mandate)s"),
            ) % {"mandate": self.mandate_label}
        return ""

    def gendered(self, feminine, masculine, inclusive):
        """The form of a word or phrase that agrees with the person (inclusive when unset)."""
        if self.kind == self.Kind.ASSOCIATION or self.civility == self.Civility.MADAME:
            return feminine
        if self.civility == self.Civility.MONSIEUR:
            return masculine
        return inclusive

    @property
    def office_title(self):
        """ "Conseillère départementale" for Madame, "Conseiller départemental" for Monsieur."""
        forms = OFFICE_TITLES.get(self.office)
        if forms is None:
            return self.get_office_display()
        return self.gendered(*forms, self.get_office_display())

    @property
    def is_certified(self):
        return self.identity_source == IdentitySource.FRANCECONNECT

    @property
    def trust_label(self):
        """The badge every name carries: the verified kind (with the mandate), or the level."""
        return self.badge or TrustLevel(self.trust_level).label

    @property
    def trust_explanation(self):
        return EXPLANATIONS[TrustLevel(self.trust_level)]

    @property
    def mandate_label(self):
        """ "Maire de Creil", "Conseillère départementale de l'Oise"."""
        office = self.office_title
        if not self.mandate_territory_id:
            return office
        return f"{office} {self.mandate_territory.of_name}"

    @property
    def link_list(self):
        return [line.strip() for line in self.links.splitlines() if line.strip()]


# Each office's feminine and masculine title (the inclusive one is the choice's label).
OFFICE_TITLES = {
    Profile.Office.MAIRE: (_("Maire"), _("Maire")),
    Profile.Office.ADJOINT: (_("Adjointe au maire"), _("Adjoint au maire")),
    Profile.Office.CONSEILLER_MUNICIPAL: (
        _("Conseillère municipale"),
        _("Conseiller municipal"),
    ),
    Profile.Office.CONSEILLER_COMMUNAUTAIRE: (
        _("Conseillère communautaire"),
        _("Conseiller communautaire"),
    ),
    Profile.Office.PRESIDENT_EPCI: (_("Présidente"), _("Président")),
    Profile.Office.VICE_PRESIDENT_EPCI: (_("Vice-présidente"), _("Vice-président")),
    Profile.Office.CONSEILLER_DEPARTEMENTAL: (
        _("Conseillère départementale"),
        _("Conseiller départemental"),
    ),
    Profile.Office.PRESIDENT_DEPARTEMENT: (
        _("Présidente du conseil départemental"),
        _("Président du conseil départemental"),
    ),
    Profile.Office.CONSEILLER_REGIONAL: (_("Conseillère régionale"), _("Conseiller régional")),
    Profile.Office.DEPUTE: (_("Députée"), _("Député")),
    Profile.Office.SENATEUR: (_("Sénatrice"), _("Sénateur")),
}


class VerificationDecision(models.Model):
    """A staff decision on an association or elected-official request: kept forever."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approuvée")
        REJECTED = "rejected", _("Refusée")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="decisions")
    requested_kind = models.CharField(_("type demandé"), max_length=12, choices=Profile.Kind)
    outcome = models.CharField(_("décision"), max_length=10, choices=Outcome)
    reason = models.TextField(_("motif"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidé par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    decided_by_name = models.CharField(_("nom du ou de la modérateur·rice"), max_length=200)
    decided_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("décision de vérification")
        verbose_name_plural = _("décisions de vérification")
        ordering = ["-decided_at"]

    def __str__(self):
        return f"{self.get_outcome_display()} — {self.profile} ({self.decided_at:%d/%m/%Y})"
