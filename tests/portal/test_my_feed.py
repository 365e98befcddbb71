"""« Mon fil »: members follow territories, news themes, event categories, groups and people,
and read what happened there, newest first, in a fixed number of queries."""

from datetime import timedelta

import pytest
from agenda_factories import at, verified_association
from django.urls import reverse
from django.utils import timezone
from factories import make_member, page_text

from agenda.models import Event, EventCategory
from civic.dialogue.models.discussions import Follow
from civic.dialogue.models.groups import Theme
from civic.dialogue.services import discussions, groups
from civic.feed.models import Interest
from civic.territories.models import Territory


@pytest.fixture(autouse=True)
def no_post_rate(settings):
    settings.CIVIC_POST_RATE = ""


@pytest.fixture
def reader(oise, creil):
    return make_member(first_name="Rita", last_name="Lectrice", commune=creil)


@pytest.fixture
def author(beauvais):
    return make_member(first_name="Paul", last_name="Auteur", commune=beauvais)


def make_group(user, name, territory):
    return groups.create_group(
        user=user,
        name=name,
        description="Un groupe.",
        theme=Theme.objects.get(slug="mobilite"),
        territory=territory,
        join_policy="open",
        rules_text="",
    )


def follow(user, kind, target_id):
    Interest.objects.create(user=user, kind=kind, target_id=target_id)


def titles(response):
    return [entry.title for entry in response.context["entries"]]


def test_the_feed_lists_what_happened_in_a_followed_group_newest_first(
    client, reader, author, creil
):
    group = make_group(author, "Vélo à Creil", creil)
    old = discussions.start_discussion(user=author, group=group, title="Ancienne", body="Avant")
    new = discussions.start_discussion(user=author, group=group, title="Récente", body="Après")
    discussions.reply(user=author, discussion=old, body="Une réponse tardive")
    follow(reader, Interest.Kind.GROUP, group.pk)
    client.force_login(reader)
    response = client.get(reverse("my_feed"))
    assert response.status_code == 200
    entries = response.context["entries"]
    assert [(e.kind, e.title) for e in entries] == [
        ("reply", "Ancienne"),
        ("discussion", "Récente"),
        ("discussion", "Ancienne"),
    ]
    assert new.title in page_text(response)


def test_a_followed_territory_brings_its_groups_news_and_events_but_not_the_rest(
    client, reader, author, creil, beauvais, make_news, moderator
):
    creil_group = make_group(author, "Creil à pied", creil)
    beauvais_group = make_group(author, "Beauvais à pied", beauvais)
    discussions.start_discussion(user=author, group=creil_group, title="Trottoirs", body="…")
    discussions.start_discussion(user=author, group=beauvais_group, title="Ailleurs", body="…")
    make_news("Fête de Creil", territory=creil)
    make_news("Fête de Beauvais", territory=beauvais)
    association = verified_association("Creil Musique", commune=creil, moderator=moderator)
    event_in(association, "Concert au parc", creil)
    event_in(association, "Concert à Beauvais", beauvais)
    follow(reader, Interest.Kind.TERRITORY, creil.pk)
    client.force_login(reader)
    shown = set(titles(client.get(reverse("my_feed"))))
    # (The demo's own Creil content comes too.)
    assert {"Trottoirs", "Fête de Creil", "Concert au parc"} <= shown
    assert not {"Ailleurs", "Fête de Beauvais", "Concert à Beauvais"} & shown


def test_a_followed_person_theme_and_category_bring_their_content(
    client, reader, author, beauvais, make_news, moderator
):
    from portal.models import NewsPageTag

    group = make_group(author, "Jardins", beauvais)
    discussions.start_discussion(user=author, group=group, title="Compost", body="…")
    themed = make_news("Le plan vélo")
    themed.tags.add("vélo du test")
    themed.save_revision().publish()
    make_news("Sans thème")
    association = verified_association("Beauvais Danse", commune=beauvais, moderator=moderator)
    event_in(association, "Bal", beauvais, category=EventCategory.objects.get(slug="concert"))
    Follow.objects.create(follower=reader, followed=author)
    follow(
        reader,
        Interest.Kind.NEWS_THEME,
        NewsPageTag.tag_model().objects.get(name="vélo du test").pk,
    )
    follow(reader, Interest.Kind.EVENT_CATEGORY, EventCategory.objects.get(slug="concert").pk)
    client.force_login(reader)
    shown = set(titles(client.get(reverse("my_feed"))))
    assert {"Compost", "Le plan vélo", "Bal"} <= shown
    assert "Sans thème" not in shown


def test_consultations_and_official_answers_appear_labelled(client, reader, creil, people_council):
    staff, group = people_council
    consultation = discussions.open_consultation(
        user=staff, group=group, title="Quel parc ?", question="Votre avis ?"
    )
    consultation.closed_at = timezone.now()
    consultation.save()
    discussions.publish_official_answer(user=staff, consultation=consultation, body="Le grand.")
    follow(reader, Interest.Kind.GROUP, group.pk)
    client.force_login(reader)
    entries = client.get(reverse("my_feed")).context["entries"]
    assert [(e.kind, e.title) for e in entries] == [
        ("answer", "Quel parc ?"),
        ("consultation", "Quel parc ?"),
    ]


def test_hidden_discussions_and_ones_own_posts_stay_out_of_the_feed(client, reader, author, creil):
    group = make_group(author, "Vélo à Creil", creil)
    hidden = discussions.start_discussion(user=author, group=group, title="Masquée", body="…")
    hidden.is_hidden = True
    hidden.save()
    groups.join_group(user=reader, group=group)
    discussions.start_discussion(user=reader, group=group, title="La mienne", body="…")
    follow(reader, Interest.Kind.GROUP, group.pk)
    client.force_login(reader)
    assert titles(client.get(reverse("my_feed"))) == []


def test_the_feed_pages_past_twenty_entries(client, reader, author, creil):
    group = make_group(author, "Bavard", creil)
    discussion = discussions.start_discussion(user=author, group=group, title="Fil", body="0")
    for n in range(24):
        discussions.reply(user=author, discussion=discussion, body=str(n))
    follow(reader, Interest.Kind.GROUP, group.pk)
    client.force_login(reader)
    first = client.get(reverse("my_feed"))
    assert len(first.context["entries"]) == 20
    assert "Plus anciens" in page_text(first)
    second = client.get(reverse("my_feed"), {"page": "2"})
    assert len(second.context["entries"]) == 5
    assert client.get(reverse("my_feed"), {"page": "x"}).status_code == 200


@pytest.mark.parametrize("follows", [2, 20])
def test_the_feed_takes_the_same_number_of_queries_for_2_or_20_follows(
    client,
    reader,
    author,
    oise,
    creil,
    beauvais,
    make_news,
    moderator,
    follows,
    django_assert_num_queries,
):
    from portal.models import NewsPageTag

    association = verified_association("Oise Fêtes", commune=creil, moderator=moderator)
    communes = list(Territory.objects.communes().within(oise).order_by("pk")[:6])
    group_list = [make_group(author, f"Groupe {n}", communes[n % 6]) for n in range(6)]
    for n, group in enumerate(group_list):
        discussion = discussions.start_discussion(
            user=author, group=group, title=f"Sujet {n}", body="…"
        )
        discussions.reply(user=author, discussion=discussion, body="Réponse")
        make_news(f"Nouvelle {n}", territory=communes[n]).tags.add(f"thème {n}")
        event_in(association, f"Fête {n}", communes[n])
    people = [author] + [
        make_member(first_name=f"P{n}", last_name="Suivi", commune=creil) for n in range(3)
    ]
    wanted = (
        [(Interest.Kind.TERRITORY, c.pk) for c in communes]
        + [(Interest.Kind.GROUP, g.pk) for g in group_list]
        + [(Interest.Kind.NEWS_THEME, t.pk) for t in NewsPageTag.tag_model().objects.all()[:2]]
        + [(Interest.Kind.EVENT_CATEGORY, c.pk) for c in EventCategory.objects.all()[:3]]
    )
    if follows == 2:  # a commune and a group
        wanted, people_count = [wanted[0], wanted[6]], 0
    else:  # a bit of everything, people included
        people_count = 20 - len(wanted)
    for kind, pk in wanted:
        follow(reader, kind, pk)
    for person in people[:people_count]:
        Follow.objects.create(follower=reader, followed=person)
    assert Interest.objects.filter(user=reader).count() + reader.civic_following.count() == (
        follows
    )
    client.force_login(reader)
    client.get(reverse("my_feed"))  # warms the per-process caches (site, restrictions)
    with django_assert_num_queries(FEED_QUERIES):
        response = client.get(reverse("my_feed"))
    assert response.context["entries"]


def event_in(author, title, commune, **fields):
    from agenda.services.events import create_event

    fields.setdefault("category", EventCategory.objects.get(slug="fete"))
    starts = at(5)
    event = create_event(
        author=author,
        title=title,
        commune=commune,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        description="Venez !",
        **fields,
    )
    assert event.status == Event.Status.PUBLISHED
    return event


@pytest.fixture
def moderator(beauvais):
    return make_member(
        first_name="Claire", last_name="Moderatrice", commune=beauvais, groups=["Modération"]
    )


@pytest.fixture
def people_council(beauvais, creil, author):
    staff = make_member(
        first_name="Léa", last_name="Redactrice", commune=beauvais, groups=["Communication"]
    )
    return staff, make_group(author, "Parcs de Creil", creil)


# On top of what the feed reads, the layout: the header names the visitor's place (« chez moi »).
FEED_QUERIES = 19


def test_a_member_follows_and_unfollows_a_group_with_plain_forms(client, reader, author, creil):
    group = make_group(author, "Vélo à Creil", creil)
    client.force_login(reader)
    page = page_text(client.get(group.get_absolute_url()))
    assert 'name="kind" value="group"' in page
    response = client.post(
        reverse("follow_interest"),
        {"kind": "group", "target": group.pk, "next": group.get_absolute_url()},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == group.get_absolute_url()
    assert "Vous suivez « Vélo à Creil »" in page_text(response)
    assert "Ne plus suivre" in page_text(response)
    assert Interest.objects.filter(user=reader, kind="group", target_id=group.pk).exists()
    feed = page_text(client.get(reverse("my_feed")))
    assert "Vélo à Creil" in feed
    client.post(reverse("follow_interest"), {"kind": "group", "target": group.pk, "unfollow": "1"})
    assert not Interest.objects.filter(user=reader).exists()


def test_following_something_that_does_not_exist_is_refused_with_a_message(client, reader):
    client.force_login(reader)
    for data in (
        {"kind": "group", "target": "999999"},
        {"kind": "planet", "target": "1"},
        {"kind": "territory", "target": "x\x00"},
        {"kind": "event_category", "target": "-3"},
    ):
        response = client.post(reverse("follow_interest"), data, follow=True)
        assert response.status_code == 200
        text = page_text(response)
        assert "n'existe pas" in text or "Nous n'avons pas compris" in text
    assert not Interest.objects.exists()


def test_an_outside_next_address_is_not_followed(client, reader, creil):
    client.force_login(reader)
    response = client.post(
        reverse("follow_interest"),
        {"kind": "territory", "target": creil.pk, "next": "https://ailleurs.example/"},
    )
    assert response["Location"] == reverse("my_feed")


def test_a_commune_is_followed_by_name_without_javascript_and_a_typo_is_explained(
    client, reader, creil
):
    client.force_login(reader)
    response = client.post(reverse("follow_commune"), {"commune": "Creilx"})
    assert response.status_code == 400
    text = page_text(response)
    assert "Aucune commune ne correspond à « Creilx »" in text
    assert 'value="Creilx"' in text  # what was typed stays in the field
    client.post(reverse("follow_commune"), {"commune": "Creil"})
    assert Interest.objects.filter(user=reader, kind="territory", target_id=creil.pk).exists()


def test_visitors_are_sent_to_sign_in_to_follow_or_read_their_feed(client, creil):
    assert client.get(reverse("my_feed"))["Location"].startswith(reverse("account_login"))
    response = client.post(reverse("follow_interest"), {"kind": "territory", "target": creil.pk})
    assert response["Location"].startswith(reverse("account_login"))
    assert not Interest.objects.exists()


def test_follows_and_notifications_are_in_the_export_and_go_with_the_account(reader, author, creil):
    from civic.dialogue.models.notifications import Notification
    from civic.people.services import delete_account, export_personal_data

    group = make_group(author, "Vélo à Creil", creil)
    follow(reader, Interest.Kind.GROUP, group.pk)
    Notification.objects.create(
        recipient=reader, kind="membership", delivery="immediate", group=group
    )
    data = export_personal_data(user=reader)
    assert data["abonnements"][0]["type"] == "Groupe"
    assert data["abonnements"][0]["identifiant"] == group.pk
    assert data["notifications"][0]["groupe"] == "Vélo à Creil"
    delete_account(user=reader)
    assert not Interest.objects.exists()
    assert not Notification.objects.filter(group=group).exists()
