"""The page cache after an event changes: the agenda's pages are rendered afresh, the others not."""

import pytest
from django.test import Client
from factories import make_group, make_member, page_text

from agenda.services.events import update_event
from civic.dialogue.services import discussions


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


@pytest.fixture
def quiet_group(creil):
    """A group with a discussion and no event."""
    animator = make_member(first_name="Anne", last_name="Animatrice", commune=creil)
    group = make_group(
        user=animator,
        name="Jardins partagés",
        description="Des potagers en ville.",
        territory=creil,
        rules_text="Restez courtois.",
    )
    discussions.start_discussion(user=animator, group=group, title="Des graines ?", body="Qui ?")
    return group


def test_an_edited_event_shows_at_once_in_the_agenda_its_page_and_feed_not_renewing_a_group(
    association, published, quiet_group
):
    visitor = Client()
    urls = (
        "/agenda/",
        published.get_absolute_url(),
        "/agenda/ical/",
        f"/groupes/{quiet_group.slug}/",
    )
    for url in urls:
        visitor.get(url)
        assert visitor.get(url)["X-Page-Cache"] == "hit"
    update_event(event=published, editor=association, venue_name="Salle des fêtes Jean-Moulin")
    agenda, event_page, feed, group_page = (visitor.get(url) for url in urls)
    assert "Salle des fêtes Jean-Moulin" in page_text(agenda)
    assert "Salle des fêtes Jean-Moulin" in page_text(event_page)
    assert "Salle des fêtes Jean-Moulin" in feed.content.decode().replace("\r\n ", "")
    assert group_page["X-Page-Cache"] == "hit"
