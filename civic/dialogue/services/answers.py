"""Official answers: publishing one, correcting it (the former text kept), following it up.

These work on any subclass of OfficialAnswerBase; each publication, correction and follow-up
tells the subject's followers through the Notification queue (so the daily digest applies).
"""

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.common import richtext
from civic.dialogue import permissions as rules
from civic.dialogue.models.answers import (
    AnswerRevision,
    AnswerStatus,
    AnswerUpdate,
    OfficialAnswerBase,
)
from civic.dialogue.models.discussions import Discussion, OfficialAnswer
from civic.dialogue.models.groups import CivicGroup
from civic.dialogue.models.notifications import Notification
from civic.dialogue.services import notifications

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import User


def signature(user: "User") -> str:
    """ "Jean Maire — Maire de Creil", or the name alone for staff."""
    profile = getattr(user, "profile", None)
    name = profile.display_name if profile else (user.get_full_name() or user.get_username())
    if profile is not None and profile.is_verified and profile.kind == profile.Kind.ELECTED:
        return f"{name} — {profile.mandate_label}"
    return name


def _bring_forward(discussion: Discussion, moment: "datetime") -> None:
    discussion.last_activity_at = moment
    discussion.save(update_fields=["last_activity_at"])
    CivicGroup.objects.filter(pk=discussion.group_id).update(last_activity_at=moment)


@transaction.atomic
def answer_discussion(*, user: "User", discussion: Discussion, body: str) -> OfficialAnswer:
    """The council's official answer to a discussion (not a consultation)."""
    if not rules.can_answer_discussion(user, discussion):
        raise PermissionDenied
    answer = OfficialAnswer.objects.create(
        discussion=discussion,
        author=user,
        author_label=signature(user),
        body=body.strip(),
        body_html=richtext.render(body),
    )
    _bring_forward(discussion, answer.published_at)
    announce(answer, Notification.Kind.OFFICIAL_ANSWER, answer.body)
    return answer


@transaction.atomic
def correct_official_answer(
    *, user: "User", answer: OfficialAnswerBase, body: str
) -> OfficialAnswerBase:
    """Replace the published text; the former one stays in the answer's history."""
    if not rules.can_correct_official_answer(user, answer):
        raise PermissionDenied
    body = body.strip()
    if body == answer.body:
        return answer
    now = timezone.now()
    AnswerRevision.objects.create(
        answer=answer,
        author_label=answer.author_label,
        body=answer.body,
        body_html=answer.body_html,
        published_at=answer.edited_at or answer.published_at,
        replaced_at=now,
        replaced_by=user,
    )
    answer.body = body
    answer.body_html = richtext.render(body)
    answer.edited_at = now
    answer.author_label = signature(user)
    answer.author = user
    answer.save(update_fields=["body", "body_html", "edited_at", "author_label", "author"])
    announce(answer, Notification.Kind.OFFICIAL_ANSWER, _("Réponse corrigée : %s") % body)
    return answer


@transaction.atomic
def follow_up(
    *, user: "User", answer: OfficialAnswerBase, status: str, text: str = ""
) -> AnswerUpdate:
    """A dated step: the answer's new status and what was done (a reason for a refusal)."""
    if not rules.can_follow_up_answer(user, answer):
        raise PermissionDenied
    if status not in AnswerStatus.values:
        raise ValidationError(_("Choisissez une suite parmi celles proposées."))
    text = text.strip()
    if status == AnswerStatus.REJECTED and not text:
        raise ValidationError(_("Un refus se motive : écrivez-en la raison."))
    now = timezone.now()
    update = AnswerUpdate.objects.create(
        answer=answer,
        status=status,
        text=text,
        text_html=richtext.render(text) if text else "",
        author=user,
        author_label=signature(user),
        created_at=now,
    )
    answer.status = status
    answer.status_changed_at = now
    if status == AnswerStatus.REJECTED:
        answer.status_reason = text
    answer.save(update_fields=["status", "status_changed_at", "status_reason"])
    label = AnswerStatus(status).label
    summary = f"{label}. {text}" if text else str(label)
    announce(answer, Notification.Kind.ANSWER_UPDATE, summary)
    return update


def history(answer: OfficialAnswerBase) -> tuple[list[AnswerRevision], list[AnswerUpdate]]:
    """The answer's former texts (newest first) and its follow-up (oldest first): two queries."""
    kind = ContentType.objects.get_for_model(answer)
    revisions = list(
        AnswerRevision.objects.filter(answer_type=kind, answer_id=answer.pk).order_by(
            "-replaced_at", "-pk"
        )
    )
    updates = list(
        AnswerUpdate.objects.filter(answer_type=kind, answer_id=answer.pk).order_by(
            "created_at", "pk"
        )
    )
    return revisions, updates


def announce(answer: OfficialAnswerBase, kind: str, summary: str) -> None:
    """Queue the notifications of an answer event (written by the worker: a consultation may
    have thousands of participants)."""
    if notifications.silenced():
        return
    content_type = ContentType.objects.get_for_model(answer)
    notifications.announce_answer.enqueue(content_type.pk, answer.pk, kind, summary[:4000])
