"""During a pre-election period, the elected officials it covers post after a second review."""

import datetime
from html import unescape

import pytest
from django.utils import timezone
from factories import page_text

from civic.dialogue.models.discussions import Post
from civic.moderation.elections import ElectionPeriod


@pytest.fixture
def election_in_the_oise(oise):
    today = timezone.localdate()
    return ElectionPeriod.objects.create(
        name="Élections municipales 2026",
        territory=oise,
        starts_on=today - datetime.timedelta(days=10),
        election_on=today + datetime.timedelta(days=20),
    )


def test_an_elected_officials_reply_waits_for_review_and_says_why(
    client, discussion, people, election_in_the_oise
):
    client.force_login(people["elected_here"])

    response = client.post(
        f"/discussions/{discussion.pk}/repondre/",
        {"body": "La commune financera la piste cyclable."},
        follow=True,
    )

    post = Post.objects.get(body__contains="financera")
    assert post.is_pending
    assert "période préélectorale (Élections municipales 2026)" in unescape(page_text(response))
    assert "article L52-1 du code électoral" in unescape(page_text(response))


def test_a_citizens_reply_is_published_at_once_during_the_period(
    client, discussion, people, election_in_the_oise
):
    client.force_login(people["member"])

    client.post(f"/discussions/{discussion.pk}/repondre/", {"body": "Bonne idée !"})

    assert not Post.objects.get(body__contains="Bonne idée").is_pending


def test_an_elected_official_outside_the_elections_territory_posts_at_once(
    client, discussion, people, beauvais
):
    today = timezone.localdate()
    ElectionPeriod.objects.create(
        name="Municipales à Beauvais",
        territory=beauvais,
        starts_on=today - datetime.timedelta(days=1),
        election_on=today + datetime.timedelta(days=1),
    )
    client.force_login(people["elected_here"])  # mayor of Creil

    client.post(f"/discussions/{discussion.pk}/repondre/", {"body": "Rien à voir."})

    assert not Post.objects.get(body__contains="Rien à voir").is_pending
