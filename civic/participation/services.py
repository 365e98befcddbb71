"""Writes of participation: proposals and their supports, petitions and their signatures.

Every refusal a person could meet (support from outside the territory, a second signature in
the quarter…) raises `Refused` with a French sentence; the view shows it and keeps the form.
Counters are updated with F() in the same transaction as the row they count.
"""

import math
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.common.text import normalize
from civic.dialogue.models.groups import Theme
from civic.dialogue.models.notifications import Notification
from civic.participation import permissions as rules
from civic.participation.models import (
    Electorate,
    ParticipationReport,
    Petition,
    PetitionSignature,
    Proposal,
    ProposalComment,
    ProposalCommuneCount,
    ProposalFollow,
    ProposalSupport,
    ProposalUpdate,
    SupportThreshold,
    quarter_of,
)
from civic.territories.models import Territory, TerritoryLink

if TYPE_CHECKING:
    from django.contrib.auth.models import User

NOTIFY_BATCH = 1000
COLLECTIVITY_KINDS = (
    Territory.Kind.COMMUNE,
    Territory.Kind.DEPARTEMENT,
    Territory.Kind.REGION,
)


class Refused(Exception):
    """A refusal with a French message for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def display_name(user: "User") -> str:
    profile = getattr(user, "profile", None)
    if profile is None:
        return user.get_full_name() or user.get_username()
    badge = profile.badge
    return f"{profile.display_name} ({badge})" if badge else profile.display_name


# Thresholds.


def threshold_for(territory: Territory) -> int | None:
    """The threshold of the nearest territory containing `territory` (itself first), if any."""
    return (
        TerritoryLink.objects.filter(
            descendant=territory, ancestor__support_threshold__isnull=False
        )
        .order_by("depth")
        .values_list("ancestor__support_threshold__supports", flat=True)
        .first()
    )


@transaction.atomic
def set_threshold(*, user: "User", territory: Territory, supports: int) -> SupportThreshold:
    """Staff set the threshold of a territory; proposals still gathering supports inside it take
    the new nearest threshold, and those already over it go to the council."""
    if not rules.can_set_thresholds(user):
        raise PermissionDenied
    threshold, _created = SupportThreshold.objects.update_or_create(
        territory=territory, defaults={"supports": supports}
    )
    waiting = Proposal.objects.within(territory).filter(
        status=Proposal.Status.SUBMITTED, reached_at__isnull=True
    )
    # One lookup and one update per place, not per proposal.
    places = waiting.values_list("territory", flat=True).distinct().order_by()
    for place in Territory.objects.filter(pk__in=list(places)):
        waiting.filter(territory=place).update(threshold=threshold_for(place))
    for proposal in waiting.filter(support_count__gte=F("threshold")):
        _check_reached(proposal)
    return threshold


# Proposals.


@transaction.atomic
def propose(
    *,
    user: "User",
    title: str,
    body: str,
    theme: Theme,
    territory: Territory,
    image: UploadedFile | None = None,
    image_alt: str = "",
    place: str = "",
    latitude: "Decimal | None" = None,
    longitude: "Decimal | None" = None,
) -> Proposal:
    if not rules.can_propose(user):
        raise Refused(
            _("Indiquez votre commune de résidence dans votre profil pour faire une proposition.")
        )
    proposal = Proposal(
        author=user,
        title=title.strip(),
        body=body.strip(),
        theme=theme,
        territory=territory,
        image_alt=image_alt.strip(),
        place=place.strip(),
        latitude=latitude,
        longitude=longitude,
        threshold=threshold_for(territory),
    )
    if image:
        proposal.image = image
    proposal.save()
    ProposalFollow.objects.create(proposal=proposal, user=user)
    ProposalUpdate.objects.create(
        proposal=proposal,
        author=user,
        author_name=display_name(user),
        status=Proposal.Status.SUBMITTED,
        created_at=proposal.created_at,
    )
    _check_reached(proposal)  # a threshold of 0 sends it at once
    return proposal


def _check_reached(proposal: Proposal) -> bool:
    """Send the proposal to the council's queue the first time its supports reach the threshold."""
    if proposal.threshold is None or proposal.support_count < proposal.threshold:
        return False
    now = timezone.now()
    sent = Proposal.objects.filter(pk=proposal.pk, reached_at__isnull=True).update(reached_at=now)
    if sent:
        proposal.reached_at = now
        update = ProposalUpdate.objects.create(
            proposal=proposal,
            author_name=_("Parvis"),
            text=_(
                "La proposition a atteint son seuil de %(threshold)s soutiens : elle est transmise "
                "au conseil, qui l'examinera."
            )
            % {"threshold": proposal.threshold},
            created_at=now,
        )
        notify_update(update)
    return bool(sent)


@transaction.atomic
def support(*, user: "User", proposal: Proposal) -> ProposalSupport:
    refusal = rules.support_refusal(user, proposal)
    if refusal:
        raise Refused(refusal)
    commune_id = rules.home_commune_id(user)
    try:
        with transaction.atomic():
            row = ProposalSupport.objects.create(
                proposal=proposal, user=user, commune_id=commune_id
            )
    except IntegrityError:
        raise Refused(_("Vous soutenez déjà cette proposition.")) from None
    Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
    counted = ProposalCommuneCount.objects.filter(proposal=proposal, commune_id=commune_id).update(
        supports=F("supports") + 1
    )
    if not counted:
        ProposalCommuneCount.objects.create(proposal=proposal, commune_id=commune_id, supports=1)
    proposal.refresh_from_db(fields=["support_count", "threshold", "reached_at"])
    _check_reached(proposal)
    return row


def _forget_support(row: ProposalSupport) -> None:
    Proposal.objects.filter(pk=row.proposal_id).update(support_count=F("support_count") - 1)
    ProposalCommuneCount.objects.filter(proposal_id=row.proposal_id, commune=row.commune_id).update(
        supports=F("supports") - 1
    )
    row.delete()


@transaction.atomic
def withdraw_support(*, user: "User", proposal: Proposal) -> bool:
    """Withdraw one's support while the proposal still gathers them. False if there was none."""
    if not proposal.is_supportable:
        raise Refused(
            _("Le conseil a pris cette proposition en main : les soutiens ne peuvent plus changer.")
        )
    row = ProposalSupport.objects.select_for_update().filter(proposal=proposal, user=user).first()
    if row is None:
        return False
    _forget_support(row)
    proposal.refresh_from_db(fields=["support_count"])
    return True


def follow(*, user: "User", proposal: Proposal) -> None:
    if not rules.can_follow_proposal(user, proposal):
        raise PermissionDenied
    ProposalFollow.objects.get_or_create(proposal=proposal, user=user)


def unfollow(*, user: "User", proposal: Proposal) -> None:
    ProposalFollow.objects.filter(proposal=proposal, user=user).delete()


def notify_update(update: ProposalUpdate, *, actor: "User | None" = None) -> int:
    """A row in the daily digest of every supporter and follower (the actor excepted)."""
    proposal_id = update.proposal_id
    supporters = ProposalSupport.objects.filter(proposal_id=proposal_id).values_list(
        "user_id", flat=True
    )
    followers = ProposalFollow.objects.filter(proposal_id=proposal_id).values_list(
        "user_id", flat=True
    )
    recipients = supporters.union(followers)
    now = timezone.now()
    actor_id = getattr(actor, "pk", None)
    rows = [
        Notification(
            recipient_id=user_id,
            kind=Notification.Kind.PROPOSAL,
            delivery=Notification.Delivery.DIGEST,
            proposal_update=update,
            created_at=now,
        )
        for user_id in recipients.iterator(chunk_size=NOTIFY_BATCH)
        if user_id != actor_id
    ]
    Notification.objects.bulk_create(rows, batch_size=NOTIFY_BATCH)
    return len(rows)


@transaction.atomic
def update_status(
    *,
    user: "User",
    proposal: Proposal,
    status: str = "",
    text: str = "",
    service: str = "",
    photo: UploadedFile | None = None,
    photo_alt: str = "",
) -> ProposalUpdate:
    """A new step of the « suivi »: a change of state and/or news, dated and public."""
    if not rules.can_update_status(user, proposal):
        raise PermissionDenied
    text, service = text.strip(), service.strip()
    if status == Proposal.Status.REJECTED and not text:
        raise Refused(_("Indiquez pourquoi la proposition n'est pas retenue : c'est obligatoire."))
    if status == Proposal.Status.STUDY and not service:
        raise Refused(_("Indiquez le service qui étudie la proposition."))
    if not status and not text and not photo:
        raise Refused(_("Écrivez une nouvelle, choisissez un nouvel état ou ajoutez une photo."))
    if photo and not photo_alt.strip():
        raise Refused(_("Décrivez la photo en quelques mots, pour qui ne la voit pas."))
    now = timezone.now()
    update = ProposalUpdate(
        proposal=proposal,
        author=user,
        author_name=display_name(user),
        status=status if status != proposal.status else "",
        service=service,
        text=text,
        photo_alt=photo_alt.strip(),
        created_at=now,
    )
    if photo:
        update.photo = photo
    update.save()
    if update.status:
        proposal.status = status
        proposal.status_changed_at = now
        if service:
            proposal.service = service
        proposal.save(update_fields=["status", "status_changed_at", "service"])
    notify_update(update, actor=user)
    return update


@transaction.atomic
def comment(*, user: "User", proposal: Proposal, text: str) -> ProposalComment:
    if not rules.can_comment(user, proposal):
        raise PermissionDenied
    return ProposalComment.objects.create(proposal=proposal, author=user, text=text.strip())


# Reports and moderation.


@transaction.atomic
def report(
    *,
    user: "User",
    reason: str,
    text: str = "",
    proposal: Proposal | None = None,
    comment: ProposalComment | None = None,
    petition: Petition | None = None,
) -> ParticipationReport:
    item = comment or proposal or petition
    if item is None or not rules.can_report(user, item):
        raise PermissionDenied
    return ParticipationReport.objects.create(
        reporter=user,
        proposal=proposal,
        comment=comment,
        petition=petition,
        reason=reason,
        text=text.strip(),
    )


@transaction.atomic
def hide(*, user: "User", item: Proposal | ProposalComment | Petition, reason: str) -> None:
    """Hide a proposal, a comment or a petition behind « Masqué par la modération : <reason> »."""
    if not rules.can_moderate(user):
        raise PermissionDenied
    if not reason.strip():
        raise Refused(_("Indiquez le motif du masquage : il est affiché à la place du contenu."))
    item.is_hidden = True
    item.hidden_reason = reason.strip()[:500]
    item.save(update_fields=["is_hidden", "hidden_reason"])
    _close_reports(item, ParticipationReport.Status.ACTIONED, user=user, reason=reason)


@transaction.atomic
def restore(*, user: "User", item: Proposal | ProposalComment | Petition) -> None:
    if not rules.can_moderate(user):
        raise PermissionDenied
    item.is_hidden = False
    item.hidden_reason = ""
    item.save(update_fields=["is_hidden", "hidden_reason"])


def _close_reports(
    item: Proposal | ProposalComment | Petition, status: str, *, user: "User", reason: str
) -> None:
    field = {Proposal: "proposal", ProposalComment: "comment", Petition: "petition"}[type(item)]
    ParticipationReport.objects.open().filter(**{field: item}).update(
        status=status,
        handled_at=timezone.now(),
        handled_by=display_name(user),
        decision_reason=reason,
    )


@transaction.atomic
def decide_report(
    *, user: "User", report: ParticipationReport, hide_content: bool, reason: str
) -> None:
    if not rules.can_moderate(user):
        raise PermissionDenied
    if hide_content:
        hide(user=user, item=report.target, reason=reason)
    else:
        report.status = ParticipationReport.Status.DISMISSED
        report.handled_at = timezone.now()
        report.handled_by = display_name(user)
        report.decision_reason = reason
        report.save(update_fields=["status", "handled_at", "handled_by", "decision_reason"])


# Petitions.


def petition_threshold(collectivity: Territory, registered_voters: int) -> int:
    """One tenth of the registered voters in a commune, one twentieth elsewhere (L1112-16, I)."""
    share = 10 if collectivity.kind == Territory.Kind.COMMUNE else 20
    return max(1, math.ceil(registered_voters / share))


@transaction.atomic
def set_electorate(
    *, user: "User", territory: Territory, registered_voters: int, roll_date: date
) -> Electorate:
    """Staff enter the registered voters of their collectivity; open petitions take the new
    threshold (a petition already sent keeps the one it was sent with)."""
    if not rules.can_set_electorate(user):
        raise PermissionDenied
    if territory.kind not in COLLECTIVITY_KINDS:
        raise Refused(
            _("Seules une commune, un département ou une région reçoivent des pétitions.")
        )
    electorate, _created = Electorate.objects.update_or_create(
        territory=territory,
        defaults={"registered_voters": registered_voters, "roll_date": roll_date},
    )
    for petition in Petition.objects.open().filter(collectivity=territory):
        petition.registered_voters = registered_voters
        petition.roll_date = roll_date
        petition.threshold = petition_threshold(territory, registered_voters)
        petition.save(update_fields=["registered_voters", "roll_date", "threshold"])
        _check_petition_reached(petition)
    return electorate


@transaction.atomic
def open_petition(
    *, user: "User", collectivity: Territory, kind: str, title: str, body: str
) -> Petition:
    if not rules.can_open_petition(user):
        raise PermissionDenied
    if collectivity.kind not in COLLECTIVITY_KINDS:
        raise Refused(_("Une pétition s'adresse à une commune, un département ou une région."))
    electorate = Electorate.objects.filter(territory=collectivity).first()
    if electorate is None:
        raise Refused(
            _(
                "%(collectivity)s n'a pas encore indiqué le nombre de ses électeurs inscrits : "
                "la pétition ne peut pas encore être ouverte."
            )
            % {"collectivity": collectivity.name}
        )
    return Petition.objects.create(
        author=user,
        collectivity=collectivity,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        registered_voters=electorate.registered_voters,
        roll_date=electorate.roll_date,
        threshold=petition_threshold(collectivity, electorate.registered_voters),
    )


def voter_key(last_name: str, first_names: str, birth_date: date) -> str:
    return f"{normalize(last_name)}|{normalize(first_names)}|{birth_date.isoformat()}"[:320]


def signed_this_quarter(
    user: "User", collectivity: Territory, *, today: date | None = None
) -> bool:
    quarter = quarter_of(today or timezone.localdate())
    return PetitionSignature.objects.filter(
        user=user, collectivity=collectivity, quarter=quarter
    ).exists()


def _add_signature(
    *,
    petition: Petition,
    user: "User | None",
    last_name: str,
    first_names: str,
    birth_date: date,
    commune: Territory,
    source: str,
    entered_by: "User | None" = None,
) -> PetitionSignature:
    last_name, first_names = last_name.strip(), first_names.strip()
    if not last_name or not first_names:
        raise Refused(
            _("Indiquez le nom et les prénoms tels qu'ils figurent sur la liste électorale.")
        )
    today = timezone.localdate()
    if birth_date > today.replace(year=today.year - 18):
        raise Refused(
            _("Seuls les électeurs, majeurs, peuvent signer : vérifiez la date de naissance.")
        )
    if not Territory.objects.within(petition.collectivity).filter(pk=commune.pk).exists() or (
        commune.kind != Territory.Kind.COMMUNE
    ):
        raise Refused(
            _("La commune d'inscription doit être une commune de %(collectivity)s.")
            % {"collectivity": petition.collectivity.name}
        )
    signature = PetitionSignature(
        petition=petition,
        collectivity=petition.collectivity,
        quarter=quarter_of(today),
        user=user,
        last_name=last_name,
        first_names=first_names,
        birth_date=birth_date,
        commune=commune,
        voter_key=voter_key(last_name, first_names, birth_date),
        source=source,
        entered_by=entered_by,
        entered_by_name=display_name(entered_by) if entered_by else "",
    )
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        raise Refused(
            _(
                "Cette personne a déjà signé une demande adressée à %(collectivity)s ce trimestre : "
                "la loi (article L1112-16 du CGCT) n'en permet qu'une par trimestre et par "
                "collectivité."
            )
            % {"collectivity": petition.collectivity.name}
        ) from None
    counter = "online_count" if source == PetitionSignature.Source.ONLINE else "paper_count"
    Petition.objects.filter(pk=petition.pk).update(**{counter: F(counter) + 1})
    petition.refresh_from_db(fields=["online_count", "paper_count", "status", "sent_at"])
    _check_petition_reached(petition)
    return signature


@transaction.atomic
def sign(
    *,
    user: "User",
    petition: Petition,
    last_name: str,
    first_names: str,
    birth_date: date,
    commune: Territory,
) -> PetitionSignature:
    """A voter signs online, declaring the commune of the collectivity where they are registered."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    refusal = rules.sign_refusal(
        user, petition, signed_this_quarter=signed_this_quarter(user, petition.collectivity)
    )
    if refusal:
        raise Refused(refusal)
    return _add_signature(
        petition=petition,
        user=user,
        last_name=last_name,
        first_names=first_names,
        birth_date=birth_date,
        commune=commune,
        source=PetitionSignature.Source.ONLINE,
    )


@transaction.atomic
def add_paper_signature(
    *,
    user: "User",
    petition: Petition,
    last_name: str,
    first_names: str,
    birth_date: date,
    commune: Territory,
) -> PetitionSignature:
    """Staff enter a signature from a paper list: counted apart, with who entered it."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if not rules.can_enter_paper_signatures(user, petition):
        raise PermissionDenied
    return _add_signature(
        petition=petition,
        user=None,
        last_name=last_name,
        first_names=first_names,
        birth_date=birth_date,
        commune=commune,
        source=PetitionSignature.Source.PAPER,
        entered_by=user,
    )


def addressee_of(collectivity: Territory) -> str:
    if collectivity.kind == Territory.Kind.COMMUNE:
        return _("Madame la Maire ou Monsieur le Maire %(of)s") % {"of": collectivity.of_name}
    if collectivity.kind == Territory.Kind.DEPARTEMENT:
        return _(
            "Madame la Présidente ou Monsieur le Président du conseil départemental %(of)s"
        ) % {"of": collectivity.of_name}
    return _("Madame la Présidente ou Monsieur le Président du conseil régional %(of)s") % {
        "of": collectivity.of_name
    }


def _check_petition_reached(petition: Petition) -> bool:
    """At the threshold the request is addressed: the petition closes, its formal request (PDF)
    is available on its page."""
    if petition.status != Petition.Status.OPEN or petition.signature_count < petition.threshold:
        return False
    now = timezone.now()
    petition.status = Petition.Status.SENT
    petition.sent_at = now
    petition.addressee = addressee_of(petition.collectivity)
    petition.save(update_fields=["status", "sent_at", "addressee"])
    return True


@transaction.atomic
def record_follow_up(
    *,
    user: "User",
    petition: Petition,
    acknowledged_at: date | None = None,
    meeting_date: date | None = None,
    meeting_label: str = "",
    decided_at: date | None = None,
    decision: str = "",
) -> Petition:
    """The acknowledgement, the meeting where the assembly was informed, and its decision."""
    if not rules.can_record_follow_up(user, petition):
        raise PermissionDenied
    if decided_at and not decision.strip():
        raise Refused(_("Écrivez la décision de l'assemblée."))
    if decision.strip() and not decided_at:
        raise Refused(_("Indiquez la date de la décision."))
    petition.acknowledged_at = acknowledged_at or petition.acknowledged_at
    petition.meeting_date = meeting_date or petition.meeting_date
    petition.meeting_label = meeting_label.strip() or petition.meeting_label
    petition.decided_at = decided_at or petition.decided_at
    petition.decision = decision.strip() or petition.decision
    if petition.decided_at:
        petition.status = Petition.Status.DECIDED
    elif petition.meeting_date:
        petition.status = Petition.Status.INFORMED
    elif petition.acknowledged_at:
        petition.status = Petition.Status.ACKNOWLEDGED
    petition.save()
    return petition


# Personal data.


def export_data(user: "User") -> dict[str, object]:
    """What « Mes données » holds of participation."""
    return {
        "propositions": [
            {
                "titre": p.title,
                "déposée le": p.created_at.isoformat(),
                "adresse": p.get_absolute_url(),
            }
            for p in Proposal.objects.filter(author=user)
        ],
        "soutiens": [
            {"proposition": s.proposal.title, "le": s.created_at.isoformat()}
            for s in ProposalSupport.objects.filter(user=user).select_related("proposal")
        ],
        "propositions suivies": list(
            ProposalFollow.objects.filter(user=user).values_list("proposal__title", flat=True)
        ),
        "commentaires": [
            {"proposition": c.proposal.title, "texte": c.text, "le": c.created_at.isoformat()}
            for c in ProposalComment.objects.filter(author=user).select_related("proposal")
        ],
        "pétitions ouvertes": list(
            Petition.objects.filter(author=user).values_list("title", flat=True)
        ),
        "signatures": [
            {
                "pétition": s.petition.title,
                "nom": s.last_name,
                "prénoms": s.first_names,
                "date de naissance": s.birth_date.isoformat(),
                "commune d'inscription": s.commune.name,
                "signée le": s.created_at.isoformat(),
                "conservée (demande adressée)": s.petition.was_sent,
            }
            for s in PetitionSignature.objects.filter(user=user).select_related(
                "petition", "commune"
            )
        ],
    }


@transaction.atomic
def forget(*, user: "User") -> None:
    """Before an account is deleted: supports withdrawn (counts kept right), signatures of open
    petitions deleted. Signatures of a petition already sent to the mayor or president are kept,
    detached from the account: the council must be able to check them (L1112-16)."""
    for row in ProposalSupport.objects.select_for_update().filter(user=user):
        _forget_support(row)
    for signature in PetitionSignature.objects.filter(user=user).select_related("petition"):
        if signature.petition.was_sent:
            continue
        counter = (
            "online_count" if signature.source == PetitionSignature.Source.ONLINE else "paper_count"
        )
        Petition.objects.filter(pk=signature.petition_id).update(**{counter: F(counter) - 1})
        signature.delete()
    ProposalComment.objects.filter(author=user).delete()
