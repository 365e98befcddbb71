"""Discussions as people use them: threads, replies, editing, deleting, recommending, following."""

import re
from unittest import mock

import pytest
from dialogue_helpers import fresh
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from factories import make_group, make_member, page_text

from civic.dialogue.models.discussions import Discussion, Follow, Post, Recommendation
from civic.dialogue.models.groups import Membership
from civic.dialogue.services import discussions, groups
from portal import page_cache
from portal.models import StandardPage


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def test_a_member_starts_a_discussion_and_others_reply_in_order(client, people, group):
    client.force_login(people["member"])
    response = client.post(
        f"/groupes/{group.slug}/nouvelle-discussion/",
        {"title": "Stationnement gare", "body": "Trop de voitures **sur** le trottoir."},
    )
    discussion = Discussion.objects.get(title="Stationnement gare")
    assert response["Location"] == f"/discussions/{discussion.pk}/"
    client.force_login(people["animator"])
    client.post(f"/discussions/{discussion.pk}/repondre/", {"body": "Premier !"})
    client.force_login(people["elected_here"])
    client.post(
        f"/discussions/{discussion.pk}/repondre/", {"body": "La mairie étudie la question."}
    )
    page = client.get(f"/discussions/{discussion.pk}/")
    bodies = [p.body for p in page.context["posts"]]
    assert bodies == [
        "Trop de voitures **sur** le trottoir.",
        "Premier !",
        "La mairie étudie la question.",
    ]
    html = page_text(page)
    assert "<strong>sur</strong>" in html
    assert "Élu·e vérifié·e — Maire de Creil" in html  # badge of the author
    assert "Creil" in html  # commune
    discussion.refresh_from_db()
    assert discussion.reply_count == 2


def test_an_empty_reply_is_refused_with_a_message(client, people, discussion):
    client.force_login(people["animator"])
    response = client.post(f"/discussions/{discussion.pk}/repondre/", {"body": "  "})
    assert response.status_code == 200
    assert "Champ requis." in page_text(response)


def test_authors_edit_their_posts_which_are_marked_modified(client, people, discussion):
    post = discussion.posts.get()
    client.force_login(people["member"])
    response = client.post(
        f"/messages/{post.pk}/modifier/",
        {"title": "Piste cyclable : où ?", "body": "Texte corrigé"},
        follow=True,
    )
    html = page_text(response)
    assert "Texte corrigé" in html and "modifié" in html
    assert "Piste cyclable : où ?" in html
    client.force_login(people["animator"])
    assert client.get(f"/messages/{post.pk}/modifier/").status_code == 403


def test_deleting_a_post_others_replied_to_leaves_a_notice(client, people, discussion):
    opening = discussion.posts.get()
    discussions.reply(user=fresh(people["animator"]), discussion=discussion, body="Réponse")
    client.force_login(people["member"])
    assert "Supprimer définitivement" in page_text(client.get(f"/messages/{opening.pk}/supprimer/"))
    client.post(f"/messages/{opening.pk}/supprimer/")
    opening.refresh_from_db()
    assert opening.deleted_by_author and opening.body == ""
    html = page_text(client.get(f"/discussions/{discussion.pk}/"))
    assert "Message supprimé par son auteur" in html
    assert "Réponse" in html


def test_deleting_a_post_nobody_answered_really_deletes_it(client, people, discussion):
    reply = discussions.reply(user=fresh(people["animator"]), discussion=discussion, body="Oups")
    client.force_login(people["animator"])
    client.post(f"/messages/{reply.pk}/supprimer/")
    assert not Post.objects.filter(pk=reply.pk).exists()
    discussion.refresh_from_db()
    assert discussion.reply_count == 0
    client.force_login(people["member"])
    client.post(f"/messages/{discussion.posts.get().pk}/supprimer/")
    assert not Discussion.objects.filter(pk=discussion.pk).exists()


def test_a_deleted_account_shows_as_compte_supprime(client, people, discussion):
    discussions.reply(user=fresh(people["animator"]), discussion=discussion, body="Merci Marc")
    people["member"].delete()
    html = page_text(client.get(f"/discussions/{discussion.pk}/"))
    assert "Compte supprimé" in html
    assert "La rue est dangereuse" in html


def test_people_recommend_a_post_once_and_see_who_they_follow_recommended_it(
    client, people, discussion
):
    post = discussion.posts.get()
    for role in ("animator", "elected_here", "non_member"):
        client.force_login(people[role])
        client.post(f"/messages/{post.pk}/recommander/")
        client.post(f"/messages/{post.pk}/recommander/")  # twice: counted once
    assert Recommendation.objects.filter(post=post).count() == 3
    post.refresh_from_db()
    assert post.recommendation_count == 3

    reader = people["moderator"]
    client.force_login(reader)
    client.post(f"/profils/{people['elected_here'].profile.pk}/suivre/")
    assert Follow.objects.filter(follower=reader, followed=people["elected_here"]).exists()
    html = page_text(client.get(f"/discussions/{discussion.pk}/"))
    assert "3 recommandations" in html
    assert "dont Jean Maire que vous suivez" in html
    assert "Anne Animatrice" not in html.split("3 recommandations")[1].split("</p>")[0]

    client.force_login(people["animator"])
    client.post(f"/messages/{post.pk}/recommander/", {"withdraw": "1"})
    post.refresh_from_db()
    assert post.recommendation_count == 2


def test_authors_cannot_recommend_their_own_posts(client, people, discussion):
    post = discussion.posts.get()
    client.force_login(people["member"])
    client.post(f"/messages/{post.pk}/recommander/")
    assert not Recommendation.objects.exists()


def test_follow_and_unfollow_from_a_profile_page(client, people):
    elected = people["elected_here"].profile
    client.force_login(people["member"])
    page = page_text(client.get(f"/profils/{elected.pk}/"))
    assert "Suivre" in page
    client.post(f"/profils/{elected.pk}/suivre/")
    assert "Ne plus suivre" in page_text(client.get(f"/profils/{elected.pk}/"))
    client.post(f"/profils/{elected.pk}/suivre/", {"unfollow": "1"})
    assert not Follow.objects.exists()
    client.logout()
    assert client.post(f"/profils/{elected.pk}/suivre/").status_code == 302
    assert not Follow.objects.exists()


def test_replies_are_paginated_30_a_page_and_a_post_link_finds_its_page(
    client, people, discussion, settings
):
    settings.CIVIC_POST_RATE = ""
    replier = fresh(people["animator"])
    last = None
    for n in range(40):
        last = discussions.reply(user=replier, discussion=discussion, body=f"Réponse {n}")
    first_page = client.get(f"/discussions/{discussion.pk}/")
    assert len(first_page.context["posts"]) == 30
    assert "Page 1 sur 2" in page_text(first_page)
    response = client.get(f"/messages/{last.pk}/")
    assert response["Location"] == f"/discussions/{discussion.pk}/?page=2#message-{last.pk}"
    second = client.get(f"/discussions/{discussion.pk}/", {"page": 2})
    assert [p.body for p in second.context["posts"]][-1] == "Réponse 39"


def test_a_reply_sent_from_the_thread_lands_on_its_last_page_at_the_new_message(
    client, people, discussion, settings
):
    settings.CIVIC_POST_RATE = ""
    replier = fresh(people["animator"])
    for n in range(59):
        discussions.reply(user=replier, discussion=discussion, body=f"Réponse {n}")
    client.force_login(people["elected_here"])
    response = client.post(
        f"/discussions/{discussion.pk}/repondre/", {"body": "La soixante et unième."}
    )
    newest = Post.objects.get(body="La soixante et unième.")
    assert (
        response["Location"] == f"/discussions/{discussion.pk}/?page=derniere#message-{newest.pk}"
    )
    last_page = client.get(response["Location"])
    assert "Page 3 sur 3" in page_text(last_page)
    assert [p.pk for p in last_page.context["posts"]] == [newest.pk]
    assert f'id="message-{newest.pk}"' in page_text(last_page)
    assert "Votre réponse est publiée." in page_text(last_page)


def test_a_member_opening_a_thread_is_offered_the_reply_form_and_an_outsider_is_not(
    client, people, discussion
):
    # The membership comes with the discussion (one query): it must still decide the form.
    client.force_login(people["member"])
    assert client.get(f"/discussions/{discussion.pk}/").context["reply_form"] is not None
    client.force_login(people["non_member"])
    assert client.get(f"/discussions/{discussion.pk}/").context["reply_form"] is None
    client.force_login(people["suspended"])
    assert client.get(f"/discussions/{discussion.pk}/").context["reply_form"] is None


# A reply sent by an animator (no approval to wait for) in a group active this minute: the
# account, the discussion with its group, consultation and the author's membership, then in one
# transaction the post, its announcement task and the thread's counters. No count of the
# thread: the reply's page is the last one.
REPLY_QUERIES = 5


def test_a_reply_runs_the_same_queries_in_a_short_or_a_long_thread(
    client, people, discussion, settings
):
    settings.CIVIC_POST_RATE = ""
    url = f"/discussions/{discussion.pk}/repondre/"
    client.force_login(people["animator"])
    client.post(url, {"body": "Première"})

    def statements():
        with CaptureQueriesContext(connection) as queries:
            assert client.post(url, {"body": "Encore"}).status_code == 302
        return [
            q["sql"]
            for q in queries.captured_queries
            if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT"))
        ]

    assert len(statements()) == REPLY_QUERIES
    for n in range(40):
        discussions.reply(user=fresh(people["member"]), discussion=discussion, body=f"Avis {n}")
    assert len(statements()) == REPLY_QUERIES


# The thread, for a signed-in reader, on top of the layout's queries: the discussion (with its
# group, consultation, official answer and the reader's membership of the group); the count
# and the page of posts (with authors, profiles, communes and mandates); the reader's
# recommendations on that page; those of the people they follow; the reader's profile (whether
# they speak for the council, who may answer officially). (Whether the reader's email is
# confirmed comes with their account, loaded by the layout.)
THREAD_QUERIES = 6


def test_the_thread_runs_the_same_queries_for_3_or_40_posts(
    client, people, group, discussion, django_assert_num_queries, settings, creil, layout_queries
):
    settings.CIVIC_POST_RATE = ""
    reader = people["non_member"]
    Follow.objects.create(follower=reader, followed=people["animator"])
    client.force_login(reader)
    client.get(f"/discussions/{discussion.pk}/")
    expected = THREAD_QUERIES + layout_queries()
    discussions.reply(user=fresh(people["animator"]), discussion=discussion, body="Un")
    discussions.reply(user=fresh(people["elected_here"]), discussion=discussion, body="Deux")
    with django_assert_num_queries(expected):
        response = client.get(f"/discussions/{discussion.pk}/")
    assert len(response.context["posts"]) == 3
    for n in range(37):
        author = make_member(first_name=f"Habitant{n}", last_name="Test", commune=creil)
        groups.join_group(user=author, group=group)
        post = discussions.reply(user=author, discussion=discussion, body=f"Avis {n}")
        discussions.recommend(user=fresh(people["animator"]), post=post)
    with django_assert_num_queries(expected):
        response = client.get(f"/discussions/{discussion.pk}/")
    assert len(response.context["posts"]) == 30
    assert "dont Anne Animatrice que vous suivez" in page_text(response)
    assert Membership.objects.filter(group=group).count() > 30


def test_a_reply_shows_at_once_to_visitors_served_from_the_cache_in_one_write_of_the_cache(
    client, people, discussion, settings
):
    settings.CIVIC_POST_RATE = ""
    url = f"/discussions/{discussion.pk}/"
    visitor = Client()
    visitor.get(url)
    assert visitor.get(url)["X-Page-Cache"] == "hit"
    client.force_login(people["animator"])
    with mock.patch.object(page_cache, "_replace", wraps=page_cache._replace) as replaced:
        client.post(url + "repondre/", {"body": "Je serai là samedi."})
    # The post, the notification task and two counters are written: their tags are replaced
    # once, when the reply has answered, not once per row.
    assert replaced.call_count == 1
    assert "Je serai là samedi." in page_text(visitor.get(url))


def test_a_reply_renews_its_thread_its_group_and_the_lists_of_groups_but_not_the_agenda(
    client, people, discussion, settings
):
    settings.CIVIC_POST_RATE = ""
    thread, group_page, groups_list = (
        f"/discussions/{discussion.pk}/",
        f"/groupes/{discussion.group.slug}/",
        "/groupes/",
    )
    visitor = Client()
    for url in (thread, group_page, groups_list, "/agenda/"):
        visitor.get(url)
        assert visitor.get(url)["X-Page-Cache"] == "hit"
    client.force_login(people["animator"])
    client.post(f"{thread}repondre/", {"body": "Je serai là samedi."})
    assert "Je serai là samedi." in page_text(visitor.get(thread))
    assert "1 réponse" in page_text(visitor.get(group_page))
    assert visitor.get(groups_list)["X-Page-Cache"] == "miss"
    assert visitor.get("/agenda/")["X-Page-Cache"] == "hit"


def test_a_reply_leaves_the_other_threads_and_groups_served_from_the_cache(
    client, people, group, discussion, mobilite, creil, settings
):
    settings.CIVIC_POST_RATE = ""
    other_group = make_group(
        user=people["member"],
        name="Jardins partagés",
        description="Des potagers en ville.",
        territory=creil,
        rules_text="Restez courtois.",
    )
    other_thread = discussions.start_discussion(
        user=people["member"], group=other_group, title="Des graines ?", body="Qui en a ?"
    )
    urls = (f"/discussions/{other_thread.pk}/", f"/groupes/{other_group.slug}/")
    visitor = Client()
    for url in urls:
        visitor.get(url)
    client.force_login(people["animator"])
    client.post(f"/discussions/{discussion.pk}/repondre/", {"body": "Je serai là samedi."})
    assert [visitor.get(url)["X-Page-Cache"] for url in urls] == ["hit", "hit"]


def test_a_reply_renews_the_home_page_that_lists_the_latest_discussions(
    client, people, discussion, demo, settings
):
    def shown_on_home(response):
        """What the home page's « Dernières discussions » says of the thread."""
        found = re.search(
            rf'href="{discussion.get_absolute_url()}">[^<]*</a>\s*<span class="muted">([^<]*)<',
            page_text(response),
        )
        return " ".join(found.group(1).split())

    settings.CIVIC_POST_RATE = ""
    visitor = Client()
    visitor.get("/")
    cached = visitor.get("/")
    assert cached["X-Page-Cache"] == "hit"
    assert shown_on_home(cached) == "dans « Vélo à Creil », sans réponse pour l'instant"
    client.force_login(people["animator"])
    client.post(f"/discussions/{discussion.pk}/repondre/", {"body": "Je serai là samedi."})
    home = visitor.get("/")
    assert home["X-Page-Cache"] == "miss"
    assert shown_on_home(home) == "dans « Vélo à Creil », 1 réponse"


def test_a_reply_leaves_the_directory_and_the_pages_that_list_no_discussion_served_from_the_cache(
    client, people, discussion, demo, settings
):
    settings.CIVIC_POST_RATE = ""
    library = StandardPage(title="Horaires de la médiathèque", slug="horaires-mediatheque")
    demo.home.add_child(instance=library)
    library.save_revision().publish()
    urls = ("/annuaire/", "/annuaire/?kind=groupes", library.url, "/agenda/")
    visitor = Client()
    for url in urls:
        visitor.get(url)
        assert visitor.get(url)["X-Page-Cache"] == "hit"
    client.force_login(people["animator"])
    client.post(f"/discussions/{discussion.pk}/repondre/", {"body": "Je serai là samedi."})
    assert [visitor.get(url)["X-Page-Cache"] for url in urls] == ["hit"] * len(urls)


def test_a_refused_reply_renews_no_page(client, people, discussion, settings):
    settings.CIVIC_POST_RATE = ""
    url = f"/discussions/{discussion.pk}/"
    visitor = Client()
    visitor.get(url)
    client.force_login(people["animator"])
    refused = client.post(f"{url}repondre/", {"body": "   "})
    assert "Le formulaire contient une erreur" in page_text(refused)
    assert visitor.get(url)["X-Page-Cache"] == "hit"
