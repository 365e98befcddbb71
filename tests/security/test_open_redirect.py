"""A `next` taken from the request never sends anyone off the site (civic.common.redirects)."""

import pytest
from django.test import RequestFactory

from civic.common.redirects import next_url
from civic.dialogue.models.discussions import Discussion

OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    " //evil.example/",
]


# Not an address at all: a number, a URL's name.
NOT_ADDRESSES = ["17", "dialogue:groups"]


@pytest.mark.parametrize("target", OFF_SITE + NOT_ADDRESSES)
def test_pinning_never_redirects_off_the_site_nor_to_no_address(
    client, animator, discussion, target
):
    client.force_login(animator)
    response = client.post(
        f"/discussions/{discussion.pk}/epingler/", {"pinned": "1", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == discussion.group.get_absolute_url()
    assert Discussion.objects.get(pk=discussion.pk).pinned


def test_pinning_still_follows_a_next_on_the_site(client, animator, discussion):
    client.force_login(animator)
    response = client.post(
        f"/discussions/{discussion.pk}/epingler/",
        {"pinned": "1", "next": discussion.get_absolute_url()},
    )
    assert response["Location"] == discussion.get_absolute_url()


@pytest.mark.parametrize("target", [*OFF_SITE, "17", "dialogue:groups"])
def test_a_moderation_decision_never_redirects_off_the_site(client, moderator, discussion, target):
    opening = discussion.posts.get(is_opening=True)
    client.force_login(moderator)
    page = client.get(f"/messages/{opening.pk}/masquer/", {"next": target})
    assert "evil.example" not in page.content.decode()
    response = client.post(
        f"/messages/{opening.pk}/masquer/", {"reason": "Hors sujet", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(discussion.get_absolute_url())


@pytest.mark.parametrize("target", [*OFF_SITE, "17", ""])
def test_the_helper_answers_the_default_for_anything_but_a_path_on_this_site(target):
    request = RequestFactory().post("/", {"next": target})
    assert next_url(request, "/groupes/") == "/groupes/"


def test_the_helper_keeps_a_path_on_this_site_with_its_query():
    request = RequestFactory().get("/", {"next": "/groupes/?page=2"})
    assert next_url(request, "/") == "/groupes/?page=2"
