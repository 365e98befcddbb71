"""The benchmark's polls, inserted in bulk, count as the service would have counted them, and
their results page reads the counters, never the answers."""

import pytest
from factories import make_member, page_text

from bench.polls import bench_polls, seed_polls
from bench.seed import BENCH_DOMAIN, BENCH_TAG, Seeder
from civic.dialogue.models.polls import BallotAnswer, Choice, Question
from civic.dialogue.services import groups


@pytest.fixture
def seeder(db, creil, mobilite_theme):
    people = [
        make_member(
            first_name=f"Banc{n}", last_name="Essai", commune=creil, email=f"u{n}@{BENCH_DOMAIN}"
        )
        for n in range(12)
    ]
    group = groups.create_group(
        user=people[0],
        name="Banc",
        description="Banc d'essai",
        theme=mobilite_theme,
        territory=creil,
        join_policy="open",
    )
    group.slug = f"{BENCH_TAG}-banc"
    group.save()
    seeder = Seeder(scale=0.001)
    seeder.counts["polls"] = 2
    seeder.counts["poll_answers"] = 20
    return seeder


@pytest.fixture
def mobilite_theme(db):
    from civic.dialogue.models.groups import Theme

    return Theme.objects.get(slug="mobilite")


def test_seeded_polls_count_what_their_answers_say_and_a_second_run_adds_nothing(client, seeder):
    assert seed_polls(seeder) == 20
    assert bench_polls().count() == 2
    for choice in Choice.objects.select_related("question"):
        rows = BallotAnswer.objects.filter(choice=choice)
        if choice.question.kind == Question.Kind.RANKING:
            assert choice.votes == rows.filter(rank=1).count()
        else:
            assert choice.votes == rows.count()
    assert set(Question.objects.values_list("answer_count", flat=True)) == {10}

    poll = bench_polls().order_by("pk").first()
    page = page_text(client.get(f"/discussions/{poll.discussion_id}/resultats/"))
    assert "10 participations" in page and "Quel usage pour la place ?" in page
    assert seed_polls(seeder) == 20
