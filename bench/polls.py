"""Seeding consultation polls and their answers, in bulk, with the counters the results read.

At scale 1: 100 polls in the benchmark's groups and 500,000 answers (ballots), each with a
single choice, one or two ticks of a multiple choice and a full ranking of three. The counters
(`Choice.votes`, `Choice.points`, `Question.answer_count`, `Consultation.ballot_count`) are
summed here as the service would have moved them, and the results are published.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from bench.seed import BATCH, BENCH_TAG, bench_accounts
from civic.common import richtext
from civic.dialogue.models.discussions import Consultation, Discussion, Post
from civic.dialogue.models.groups import CivicGroup
from civic.dialogue.models.polls import Ballot, BallotAnswer, Choice, Question

POLL_TITLE = "Consultation : l'aménagement de la place"
QUESTIONS = [
    (
        Question.Kind.SINGLE,
        "Quel usage pour la place ?",
        ["Un marché", "Un jardin", "Un parking", "Une aire de jeux"],
    ),
    (
        Question.Kind.MULTIPLE,
        "Quels équipements ?",
        ["Bancs", "Arceaux à vélos", "Fontaine", "Éclairage"],
    ),
    (Question.Kind.RANKING, "Classez vos priorités", ["Sécurité", "Verdure", "Commerces"]),
]
OPENING = "La commune vous demande votre avis avant les travaux."


def bench_polls():
    return Consultation.objects.filter(
        discussion__group__slug__startswith=f"{BENCH_TAG}-", discussion__title=POLL_TITLE
    )


def seed_polls(seeder):
    """`polls` consultations and `poll_answers` ballots spread evenly over them."""
    if bench_polls().exists():
        return Ballot.objects.filter(consultation__in=bench_polls()).count()
    polls = seeder.counts["polls"]
    ballots_per_poll = max(1, seeder.counts["poll_answers"] // polls)
    users = list(bench_accounts().order_by("pk").values_list("pk", flat=True))
    groups = list(
        CivicGroup.objects.filter(slug__startswith=f"{BENCH_TAG}-")
        .order_by("pk")
        .values_list("pk", "created_by_id")
    )
    rng = seeder.random
    now = timezone.now()
    created = 0
    with transaction.atomic():
        for n in range(polls):
            group_id, author_id = groups[n % len(groups)]
            opened = now - timedelta(days=60)
            discussion = Discussion.objects.create(
                group_id=group_id,
                title=POLL_TITLE,
                author_id=author_id,
                created_at=opened,
                last_activity_at=opened,
            )
            Post.objects.create(
                discussion=discussion,
                author_id=author_id,
                is_opening=True,
                body=OPENING,
                body_html=richtext.render(OPENING),
                created_at=opened,
            )
            consultation = Consultation.objects.create(
                discussion=discussion,
                opened_by_id=author_id,
                opened_at=opened,
                closed_at=now - timedelta(days=1),
                results_published_at=now - timedelta(days=1),
                audience=Consultation.Audience.IDENTIFIED,
            )
            created += _seed_answers(consultation, rng, users, ballots_per_poll, opened)
    return created


def _seed_answers(consultation, rng, users, count, opened):
    questions = []
    for position, (kind, text, labels) in enumerate(QUESTIONS):
        question = Question.objects.create(
            consultation=consultation,
            position=position,
            text=text,
            kind=kind,
            max_choices=2 if kind == Question.Kind.MULTIPLE else None,
        )
        choices = Choice.objects.bulk_create(
            Choice(question=question, position=i, label=label) for i, label in enumerate(labels)
        )
        questions.append((question, choices))
    voters = rng.sample(users, k=min(len(users), count))
    Ballot.objects.bulk_create(
        (
            Ballot(consultation=consultation, user_id=user_id, created_at=opened, updated_at=opened)
            for user_id in voters
        ),
        batch_size=BATCH,
    )
    ballot_ids = list(Ballot.objects.filter(consultation=consultation).values_list("pk", flat=True))
    votes: dict[int, int] = {}
    points: dict[int, int] = {}
    rows = []
    for ballot_id in ballot_ids:
        for question, choices in questions:
            if question.kind == Question.Kind.SINGLE:
                picked = [rng.choice(choices)]
            elif question.kind == Question.Kind.MULTIPLE:
                picked = rng.sample(choices, k=rng.randint(1, 2))
            else:
                picked = rng.sample(choices, k=len(choices))
            for rank, choice in enumerate(picked, start=1):
                ranking = question.kind == Question.Kind.RANKING
                rows.append(
                    BallotAnswer(
                        ballot_id=ballot_id,
                        question=question,
                        choice=choice,
                        rank=rank if ranking else None,
                    )
                )
                if not ranking or rank == 1:
                    votes[choice.pk] = votes.get(choice.pk, 0) + 1
                if ranking:
                    points[choice.pk] = points.get(choice.pk, 0) + len(choices) - rank + 1
        if len(rows) >= BATCH * 5:
            BallotAnswer.objects.bulk_create(rows, batch_size=BATCH)
            rows = []
    BallotAnswer.objects.bulk_create(rows, batch_size=BATCH)
    for _question, choices in questions:
        for choice in choices:
            choice.votes = votes.get(choice.pk, 0)
            choice.points = points.get(choice.pk, 0)
        Choice.objects.bulk_update(choices, ["votes", "points"])
    Question.objects.filter(consultation=consultation).update(answer_count=len(ballot_ids))
    Consultation.objects.filter(pk=consultation.pk).update(ballot_count=len(ballot_ids))
    return len(ballot_ids)
