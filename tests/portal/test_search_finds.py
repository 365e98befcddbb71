"""Search that finds: any input gets an answer, events show their next date and place, titles
that match come first, and nothing hidden, private, unpublished or withdrawn ever shows."""

import pytest
from django.test import Client
from factories import page_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda.models import Event
from civic.dialogue.models.discussions import Discussion
from civic.dialogue.models.groups import CivicGroup
from portal.search.sources import search_events


@pytest.fixture
def agenda(demo):
    """The demo, whose agenda holds « Marché des producteurs locaux » in several communes and
    « Marché de Beauvais », and an event that names a market in its description only."""
    other = Event.objects.published().exclude(title__icontains="marché").order_by("pk").first()
    other.description = "<p>Rendez-vous devant le marché couvert.</p>"
    other.save()
    return other


def agenda_titles(client, query):
    html = page_text(client.get("/recherche/", {"q": query, "type": "agenda"}))
    return html


def test_events_whose_title_matches_come_before_those_that_only_mention_the_word(client, agenda):
    html = agenda_titles(client, "marché")

    first_title_match = min(
        html.index(title) for title in ("Marché des producteurs locaux", "Marché de Beauvais")
    )
    assert first_title_match < html.index(agenda.title)


def test_marche_des_producteurs_comes_first_for_marche_des_producteurs_and_shows_date_and_place(
    client, agenda
):
    html = agenda_titles(client, "marché des producteurs")

    results = html[html.index('class="search-result__title"') :]
    assert results.index("Marché des producteurs locaux") < 200
    assert "Prochaine date :" in results
    assert "Place du marché" in results


def test_upcoming_events_come_by_their_next_date_and_past_ones_after(agenda):
    ranked = list(search_events(None, "marché"))

    title_matches = [e for e in ranked if e.title_rank < 3]
    upcoming = [e.next_start for e in title_matches if e.next_start is not None]
    assert upcoming == sorted(upcoming)
    seen_past = False
    for event in title_matches:
        if event.next_start is None:
            seen_past = True
        else:
            assert not seen_past, "an upcoming event listed after a past one"


def test_draft_and_refused_events_hidden_groups_and_discussions_never_appear(client, agenda):
    Event.objects.filter(title="Marché de Beauvais").update(status=Event.Status.DRAFT)
    group = CivicGroup.objects.order_by("pk").first()
    CivicGroup.objects.filter(pk=group.pk).update(is_hidden=True)
    discussion = Discussion.objects.exclude(group=group).order_by("pk").first()
    Discussion.objects.filter(pk=discussion.pk).update(is_hidden=True)

    assert "Marché de Beauvais" not in agenda_titles(client, "marché")
    found = page_text(client.get("/recherche/", {"q": group.name, "type": "groupes"}))
    assert f'href="{group.get_absolute_url()}"' not in found
    found = page_text(client.get("/recherche/", {"q": discussion.title, "type": "discussions"}))
    assert f'href="{discussion.get_absolute_url()}"' not in found


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    query=st.one_of(
        st.text(max_size=60),
        st.sampled_from(["\x00", "'", '"', "\"'%_\\", "🏡 marché", "x" * 10_000, "a\x00b", "*:()"]),
    ),
    kind=st.sampled_from(["", "agenda", "actualites", "groupes", "discussions", "\x00"]),
    page=st.sampled_from(["", "2", "-1", "abc", "99999"]),
)
def test_any_query_gets_an_answer_never_a_server_error(demo, query, kind, page):
    response = Client().get("/recherche/", {"q": query, "type": kind, "page": page})
    assert response.status_code in (200, 400)
