"""Writes on accounts and profiles. Keyword-only; each runs in one transaction."""

import io
import json
from typing import TYPE_CHECKING, Any, Literal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from PIL import Image, ImageOps

from civic.dialogue.models.discussions import Follow, Post, Recommendation
from civic.dialogue.models.groups import Membership
from civic.dialogue.models.notifications import Notification
from civic.feed.models import Interest
from civic.moderation.models import Report
from civic.people.models import Profile, VerificationDecision
from civic.people.privacy import (
    export_poll_answers,
    forget_admin_log_labels,
    forget_login_records,
    forget_participation,
    forget_poll_answers,
    participation_data,
)
from civic.people.sessions import end_sessions
from civic.reports.privacy import forget_street_reports, street_reports_data

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files import File

    from civic.models import Territory

AVATAR_SIZE = 400

IDENTITY_FIELDS: dict[str, tuple[str, ...]] = {
    Profile.Kind.ASSOCIATION: (
        "organisation_name",
        "rna",
        "siren",
        "purpose",
        "website",
        "action_territory",
    ),
    Profile.Kind.ELECTED: ("office", "mandate_territory", "mandate_start", "political_group"),
}


@transaction.atomic
def create_profile(
    *,
    user: "User",
    first_name: str,
    last_name: str,
    home_commune: "Territory | None",
    civility: str = Profile.Civility.UNSET,
) -> Profile:
    user.first_name = first_name
    user.last_name = last_name
    user.save(update_fields=["first_name", "last_name"])
    profile = ensure_profile(user)
    profile.home_commune = home_commune
    profile.civility = civility
    profile.save()
    return profile


def ensure_profile(user: "User") -> Profile:
    """Every account has a profile, including those made with createsuperuser.

    Returns the instance cached on `user` when there is one, so that later saves through
    `user.profile` never overwrite this one's changes with stale values.
    """
    try:
        return user.profile
    except Profile.DoesNotExist:
        confirmed = EmailAddress.objects.filter(user=user, verified=True).exists()
        profile, _ = Profile.objects.get_or_create(
            user=user, defaults={"email_confirmed": confirmed}
        )
        user.profile = profile
        return profile


@transaction.atomic
def update_profile(
    *,
    profile: Profile,
    first_name: str,
    last_name: str,
    avatar: "File | Literal[False] | None" = None,
    **fields: Any,
) -> Profile:
    """Save the person's own edits. `avatar=False` removes it; a new file is resized."""
    user = profile.user
    user.first_name, user.last_name = first_name, last_name
    user.save(update_fields=["first_name", "last_name"])
    for name, value in fields.items():
        setattr(profile, name, value)
    if avatar is False:
        profile.avatar.delete(save=False)
    elif avatar is not None:
        profile.avatar.save(avatar.name, resized_avatar(avatar), save=False)
    profile.save()
    return profile


def resized_avatar(upload: "File") -> ContentFile:
    """A square-fitted copy at most AVATAR_SIZE pixels wide, EXIF orientation applied."""
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)  # type: ignore[assignment]
        image.thumbnail((AVATAR_SIZE, AVATAR_SIZE))
        has_alpha = image.mode in ("RGBA", "LA", "P")
        output = io.BytesIO()
        if has_alpha:
            image.convert("RGBA").save(output, format="PNG", optimize=True)
            extension = "png"
        else:
            image.convert("RGB").save(output, format="JPEG", quality=85, optimize=True)
            extension = "jpg"
    return ContentFile(output.getvalue(), name=f"avatar.{extension}")


@transaction.atomic
def request_verification(*, profile: Profile, kind: str, identity: dict[str, Any]) -> Profile:
    """Ask to become a verified association or elected official; the badge waits for staff."""
    if kind not in IDENTITY_FIELDS:
        raise ValueError(f"Not a verifiable kind: {kind}")
    profile.kind = kind
    profile.status = Profile.Status.PENDING
    profile.requested_at = timezone.now()
    for name in IDENTITY_FIELDS[kind]:
        empty = None if Profile._meta.get_field(name).null else ""  # type: ignore[union-attr]
        setattr(profile, name, identity.get(name) or empty)
    profile.save(update_fields=["kind", "status", "requested_at", *IDENTITY_FIELDS[kind]])
    return profile


@transaction.atomic
def decide_verification(
    *, profile: Profile, moderator: "User", approve: bool, reason: str, notify: bool = True
) -> VerificationDecision:
    """Approve or reject a pending request, record who decided, when and why, and tell the person.

    `notify=False` is for demo data only: invented people have no mailbox."""
    profile = Profile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if profile.status != Profile.Status.PENDING:
        raise ValueError("This request has already been decided.")
    outcome = (
        VerificationDecision.Outcome.APPROVED if approve else VerificationDecision.Outcome.REJECTED
    )
    decision = VerificationDecision.objects.create(
        profile=profile,
        requested_kind=profile.kind,
        outcome=outcome,
        reason=reason,
        decided_by=moderator,
        decided_by_name=moderator.get_full_name() or moderator.get_username(),
    )
    profile.status = Profile.Status.VERIFIED if approve else Profile.Status.REJECTED
    profile.save(update_fields=["status"])
    if notify:
        transaction.on_commit(lambda: notify_decision(decision))
    return decision


def notify_decision(decision: VerificationDecision) -> None:
    profile = decision.profile
    context = {
        "profile": profile,
        "decision": decision,
        "approved": decision.outcome == VerificationDecision.Outcome.APPROVED,
        "base_url": settings.WAGTAILADMIN_BASE_URL,
    }
    subject = render_to_string("civic/emails/verification_subject.txt", context).strip()
    body = render_to_string("civic/emails/verification_body.txt", context)
    send_mail(subject, body, None, [profile.user.email])


def export_personal_data(*, user: "User") -> dict[str, Any]:
    """Everything the portal holds about `user`, as JSON-ready data."""
    profile = ensure_profile(user)
    data: dict[str, Any] = {
        "compte": {
            "prenom": user.first_name,
            "nom": user.last_name,
            "courriel": user.email,
            "inscrit_le": user.date_joined.isoformat(),
            "derniere_connexion": user.last_login.isoformat() if user.last_login else None,
            "adresses": [
                {"courriel": a.email, "verifiee": a.verified, "principale": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
        },
        "profil": {
            "type": profile.kind,
            "verification": profile.status,
            "niveau_de_confiance": profile.get_trust_level_display(),
            "source_de_l_identite": profile.get_identity_source_display(),
            "nom_affiche": profile.display_name,
            "presentation": profile.bio,
            "commune": str(profile.home_commune) if profile.home_commune else None,
            "commune_code_insee": profile.home_commune.code if profile.home_commune else None,
            "liens": profile.link_list,
            "masque_de_l_annuaire": profile.hide_from_directory,
            "photo": profile.avatar.url if profile.avatar else None,
        },
        "demandes_de_verification": [
            {
                "type": d.requested_kind,
                "decision": d.outcome,
                "motif": d.reason,
                "date": d.decided_at.isoformat(),
            }
            for d in profile.decisions.all()
        ],
    }
    if profile.kind == Profile.Kind.ASSOCIATION:
        data["association"] = {
            "nom": profile.organisation_name,
            "rna": profile.rna,
            "siren": profile.siren,
            "objet": profile.purpose,
            "site_web": profile.website,
            "territoire": str(profile.action_territory) if profile.action_territory else None,
        }
    if profile.kind == Profile.Kind.ELECTED:
        data["mandat"] = {
            "fonction": profile.office_title,
            "territoire": str(profile.mandate_territory) if profile.mandate_territory else None,
            "debut": profile.mandate_start.isoformat() if profile.mandate_start else None,
            "groupe_politique": profile.political_group,
        }
    data.update(_dialogue_data(user))
    data["questionnaires"] = export_poll_answers(user=user)
    data["participation"] = participation_data(user)
    data.update(street_reports_data(user=user))
    return data


def _dialogue_data(user: "User") -> dict[str, list[Any]]:
    return {
        "groupes": [
            {
                "groupe": m.group.name,
                "role": m.get_role_display(),
                "statut": m.get_status_display(),
                "courriels": m.get_notify_display(),
                "depuis": m.joined_at.isoformat(),
            }
            for m in Membership.objects.filter(user=user).select_related("group")
        ],
        "messages": [
            {
                "discussion": p.discussion.title,
                "groupe": p.discussion.group.name,
                "date": p.created_at.isoformat(),
                "modifie": p.edited_at.isoformat() if p.edited_at else None,
                "texte": p.body,
                "etat": p.get_state_display(),
            }
            for p in Post.objects.filter(author=user).select_related("discussion__group")
        ],
        "recommandations": [
            {"message": r.post_id, "date": r.created_at.isoformat()}
            for r in Recommendation.objects.filter(user=user)
        ],
        "signalements": [
            {
                "date": r.created_at.isoformat(),
                "motif": r.get_reason_display(),
                "precisions": r.text,
                "etat": r.get_status_display(),
                "groupe": r.target_group.name,
                "discussion": r.post.discussion.title if r.post_id else None,  # type: ignore[union-attr]
                "message": r.post_id,
            }
            for r in Report.objects.filter(reporter=user).select_related(
                "group", "post__discussion__group"
            )
        ],
        "abonnements": [
            {
                "type": i.get_kind_display(),
                "identifiant": i.target_id,
                "depuis": i.created_at.isoformat(),
            }
            for i in Interest.objects.filter(user=user)
        ],
        "notifications": [
            {
                "type": n.get_kind_display(),
                "groupe": n.group.name if n.group else None,
                "discussion": n.discussion.title if n.discussion else None,
                "message": n.post_id,
                "date": n.created_at.isoformat(),
                "lue_le": n.read_at.isoformat() if n.read_at else None,
                "envoyee_le": n.sent_at.isoformat() if n.sent_at else None,
            }
            for n in Notification.objects.filter(recipient=user).select_related(
                "group", "discussion"
            )
        ],
        "personnes_suivies": [
            f.followed.get_full_name() or f.followed.get_username()
            for f in Follow.objects.filter(follower=user).select_related("followed")
        ],
    }


def export_personal_data_json(*, user: "User") -> str:
    return json.dumps(export_personal_data(user=user), ensure_ascii=False, indent=2)


@transaction.atomic
def delete_account(*, user: "User") -> None:
    """Erase the account and personal data. Content others replied to stays, as "Compte supprimé".

    Every session of the person ends, their sign-in logs go, their name leaves admin histories
    (and event histories: agenda/privacy.py), and the reports they filed keep only their reason (moderators may still act on them).
    """
    profile = Profile.objects.filter(user=user).first()
    if profile and profile.avatar:
        avatar = profile.avatar
        transaction.on_commit(lambda: avatar.storage.delete(avatar.name))
    end_sessions(user=user)
    forget_login_records(user=user)
    forget_admin_log_labels(user=user)
    forget_poll_answers(user=user)
    Report.objects.filter(reporter=user).update(text="")
    forget_participation(user=user)
    forget_street_reports(user=user)
    user.delete()
