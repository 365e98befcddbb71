"""Personal data in logs: erased with the account, purged after a year for everyone else."""

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from civic.dialogue.models.polls import Ballot, BallotAnswer
from civic.dialogue.services.polls import withdraw_ballot
from civic.participation import services as participation_services
from civic.people.security import login_identifiers

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEFAULT_RETENTION_DAYS = 365
AXES_MODELS = (AccessAttempt, AccessLog, AccessFailureLog)


@transaction.atomic
def forget_login_records(*, user: "User") -> int:
    """Delete axes' records of `user`'s sign-ins and attempts (address, browser, identifier)."""
    identifiers = login_identifiers(user)
    if not identifiers:
        return 0
    match = Q()
    for identifier in identifiers:
        match |= Q(username__iexact=identifier)
    return sum(model.objects.filter(match).delete()[0] for model in AXES_MODELS)


def forget_admin_log_labels(*, user: "User") -> int:
    """Admin histories name an account by its address: keep the entries about it, not the name."""
    about = {"content_type": ContentType.objects.get_for_model(user), "object_id": str(user.pk)}
    label = gettext("Compte supprimé")
    return ModelLogEntry.objects.filter(**about).update(label=label, data={}) + (
        LogEntry.objects.filter(**about).update(object_repr=label)
    )


@transaction.atomic
def purge_personal_logs(*, days: int = DEFAULT_RETENTION_DAYS) -> dict[str, int]:
    """Delete sign-in logs older than `days`; how many of each kind. (The agenda's command
    purges its event histories.)"""
    cutoff = timezone.now() - timedelta(days=days)
    return {
        model._meta.label: model.objects.filter(attempt_time__lt=cutoff).delete()[0]
        for model in AXES_MODELS
    }


def export_poll_answers(*, user: "User") -> list[dict[str, Any]]:
    """Each consultation questionnaire `user` answered, with their answers as they stand."""
    ballots = {
        b.pk: {
            "consultation": b.consultation.discussion.title,
            "repondu_le": b.created_at.isoformat(),
            "modifie_le": b.updated_at.isoformat(),
            "reponses": [],
        }
        for b in Ballot.objects.filter(user=user).select_related("consultation__discussion")
    }
    answers = (
        BallotAnswer.objects.filter(ballot__user=user)
        .select_related("question", "choice")
        .order_by("ballot_id", "question__position", "rank", "pk")
    )
    for answer in answers:
        ballots[answer.ballot_id]["reponses"].append(
            {
                "question": answer.question.text,
                "reponse": answer.choice.label if answer.choice else answer.text,
                "rang": answer.rank,
            }
        )
    return list(ballots.values())


@transaction.atomic
def forget_poll_answers(*, user: "User") -> int:
    """Delete `user`'s poll answers. In a consultation still open they leave the counts too;
    the counts of a closed one stay as they were when it closed (no one can be traced in them)."""
    count = 0
    for ballot in Ballot.objects.filter(user=user).select_related("consultation"):
        if ballot.consultation.is_open:
            withdraw_ballot(ballot)
        else:
            ballot.delete()
        count += 1
    return count


# Participation (civic/participation): supports, follows, comments, petitions and signatures.


def participation_data(user: "User") -> dict[str, object]:
    """The person's share of participation, for « Mes données »."""
    return participation_services.export_data(user)


def forget_participation(*, user: "User") -> None:
    """Before the account goes: supports withdrawn (counts stay right), comments and the signatures
    of petitions still open deleted. The signatures of a petition already sent to the mayor or
    president are kept (detached from the account, name, birth date and commune stay): the
    collectivity must be able to check them against the electoral rolls (article L1112-16 CGCT)."""
    participation_services.forget(user=user)
