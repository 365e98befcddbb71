"""Groups as people use them: creating, joining, the group page, animation, the list."""

from datetime import timedelta

import pytest
from dialogue_helpers import fresh
from django.utils import timezone
from factories import make_group, make_member, page_text

from civic.dialogue.models.discussions import Discussion
from civic.dialogue.models.groups import CivicGroup, Membership, Theme
from civic.dialogue.services import discussions, groups


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def test_a_confirmed_member_creates_a_group_and_becomes_its_first_animator(
    client, people, creil, mobilite
):
    client.force_login(people["non_member"])
    response = client.post(
        "/groupes/nouveau/",
        {
            "name": "Covoiturage du Clermontois",
            "description": "Partager nos trajets vers Creil et Beauvais.",
            "rules": "Pas de publicité.",
            "theme": mobilite.pk,
            "territory": creil.pk,
            "join_policy": "request",
        },
    )
    group = CivicGroup.objects.get(name="Covoiturage du Clermontois")
    assert response.status_code == 302 and response["Location"] == f"/groupes/{group.slug}/"
    assert group.slug == "covoiturage-du-clermontois"
    membership = Membership.objects.get(group=group, user=people["non_member"])
    assert membership.is_animator
    page = page_text(client.get(response["Location"]))
    assert "Pas de publicité." in page
    assert "Nina Passante" in page  # among the animators
    assert "adhésion sur demande" in page


def test_an_invalid_group_form_keeps_what_was_typed_and_says_why(client, people):
    client.force_login(people["member"])
    response = client.post("/groupes/nouveau/", {"name": "Mon groupe", "description": ""})
    html = page_text(response)
    assert response.status_code == 200
    assert "Le formulaire contient" in html
    assert 'value="Mon groupe"' in html


def test_two_groups_with_the_same_name_get_different_addresses(people, creil, mobilite):
    kwargs = dict(
        name="Vélo à Creil",
        description="Encore",
        theme=mobilite,
        territory=creil,
        join_policy="open",
    )
    first = groups.create_group(user=people["member"], **kwargs)
    second = groups.create_group(user=people["member"], **kwargs)
    assert first.slug != second.slug


def test_anonymous_visitors_cannot_create_a_group_and_are_asked_to_log_in(client):
    response = client.get("/groupes/nouveau/")
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def test_unconfirmed_accounts_are_asked_to_confirm_their_email_first(client, people):
    client.force_login(people["unconfirmed"])
    response = client.get("/groupes/nouveau/", follow=True)
    assert "Confirmez d'abord votre adresse électronique" in page_text(response)


def test_joining_an_open_group_is_immediate(client, people, group):
    client.force_login(people["non_member"])
    page = page_text(client.get(f"/groupes/{group.slug}/"))
    assert "Rejoindre le groupe" in page
    response = client.post(f"/groupes/{group.slug}/rejoindre/", follow=True)
    assert "Bienvenue dans le groupe « Vélo à Creil »" in page_text(response)
    assert Membership.objects.get(group=group, user=people["non_member"]).is_active
    assert "Ouvrir une discussion" in page_text(response)


def test_joining_a_group_on_request_waits_for_an_animator_who_accepts(
    client, people, group, mailoutbox, run_tasks
):
    group.join_policy = CivicGroup.JoinPolicy.REQUEST
    group.save()
    client.force_login(people["non_member"])
    response = client.post(f"/groupes/{group.slug}/rejoindre/", follow=True)
    assert "Votre demande est envoyée" in page_text(response)
    membership = Membership.objects.get(group=group, user=people["non_member"])
    assert membership.status == Membership.Status.REQUESTED
    assert "Ouvrir une discussion" not in page_text(response)

    client.force_login(people["animator"])
    page = page_text(client.get(f"/groupes/{group.slug}/animation/"))
    assert "Nina Passante" in page
    client.post(f"/groupes/{group.slug}/animation/membres/{membership.pk}/accepter/")
    membership.refresh_from_db()
    assert membership.is_active
    run_tasks()
    assert [m.to for m in mailoutbox] == [["nina.passante@exemple.fr"]]
    assert "Votre demande a été acceptée" in mailoutbox[0].body


def test_animators_name_other_animators(client, people, group):
    membership = Membership.objects.get(group=group, user=people["member"])
    client.force_login(people["member"])
    assert client.post(
        f"/groupes/{group.slug}/animation/membres/{membership.pk}/animateur/"
    ).status_code in (302, 403)
    membership.refresh_from_db()
    assert not membership.is_animator  # a member cannot name himself
    client.force_login(people["animator"])
    client.post(f"/groupes/{group.slug}/animation/membres/{membership.pk}/animateur/")
    membership.refresh_from_db()
    assert membership.is_animator
    assert "Marc Membre" in page_text(client.get(f"/groupes/{group.slug}/"))


def test_animators_edit_the_rules_shown_on_the_group_page(client, people, group):
    client.force_login(people["animator"])
    client.post(
        f"/groupes/{group.slug}/animation/",
        {"description": "Nouvelle description", "rules": "1. **Respect**\n2. Pas de pub"},
    )
    html = client.get(f"/groupes/{group.slug}/").content.decode()
    assert "<strong>Respect</strong>" in html
    assert "Nouvelle description" in html


def test_members_leave_and_the_last_animator_is_told_to_name_a_successor(client, people, group):
    client.force_login(people["member"])
    client.post(f"/groupes/{group.slug}/quitter/")
    assert not Membership.objects.filter(group=group, user=people["member"]).exists()
    client.force_login(people["animator"])
    response = client.post(f"/groupes/{group.slug}/quitter/", follow=True)
    assert "nommez-en un·e d'abord" in page_text(response)
    assert Membership.objects.filter(group=group, user=people["animator"]).exists()


def test_a_suspended_member_cannot_come_back_by_leaving_and_joining(client, people, group):
    client.force_login(people["suspended"])
    client.post(f"/groupes/{group.slug}/quitter/")
    response = client.post(f"/groupes/{group.slug}/rejoindre/", follow=True)
    assert "Vous êtes suspendu·e de ce groupe" in page_text(response)


def test_the_group_page_lists_pinned_discussions_first_then_newest_activity(client, people, group):
    member = people["member"]
    old = discussions.start_discussion(user=member, group=group, title="Ancienne", body="a")
    discussions.start_discussion(user=member, group=group, title="Récente", body="b")
    pinned = discussions.start_discussion(user=member, group=group, title="Charte", body="c")
    discussions.reply(user=fresh(member), discussion=old, body="relance")
    discussions.set_pinned(user=fresh(people["animator"]), discussion=pinned, pinned=True)
    titles = [d.title for d in client.get(f"/groupes/{group.slug}/").context["discussions"]]
    assert titles == ["Charte", "Ancienne", "Récente"]


def test_a_reply_brings_a_quiet_group_back_to_the_top_of_the_group_list(
    client, people, group, discussion, creil, mobilite
):
    make_group(
        user=people["member"],
        name="Jardins partagés",
        description="Des potagers en ville.",
        territory=creil,
    )
    CivicGroup.objects.filter(pk=group.pk).update(
        last_activity_at=timezone.now() - timedelta(days=3)
    )
    assert client.get("/groupes/").context["groups"][0].name == "Jardins partagés"
    client.force_login(people["member"])
    client.post(f"/discussions/{discussion.pk}/repondre/", {"body": "Toujours d'actualité."})
    client.logout()
    assert client.get("/groupes/").context["groups"][0].name == "Vélo à Creil"


def test_a_burst_of_replies_moves_the_groups_activity_forward_at_most_once_a_minute(
    people, group, discussion, settings
):
    settings.CIVIC_POST_RATE = ""

    def reply(body):
        thread = Discussion.objects.select_related("group").get(pk=discussion.pk)  # as the view
        return discussions.reply(user=fresh(people["animator"]), discussion=thread, body=body)

    CivicGroup.objects.filter(pk=group.pk).update(
        last_activity_at=timezone.now() - timedelta(minutes=5)
    )
    first = reply("Un")
    reply("Deux")
    group.refresh_from_db()
    assert group.last_activity_at == first.created_at
    CivicGroup.objects.filter(pk=group.pk).update(
        last_activity_at=first.created_at - discussions.GROUP_ACTIVITY_STEP
    )
    third = reply("Trois")
    group.refresh_from_db()
    assert group.last_activity_at == third.created_at


def test_public_groups_are_readable_by_anyone_but_only_members_post(
    client, people, group, discussion
):
    page = page_text(client.get(f"/groupes/{group.slug}/"))
    assert "Une piste cyclable rue de la République ?" in page
    assert "Connectez-vous" in page
    client.force_login(people["non_member"])
    response = client.get(f"/groupes/{group.slug}/nouvelle-discussion/", follow=True)
    assert "Seuls les membres du groupe" in page_text(response)
    assert not Discussion.objects.filter(title="Intrus").exists()


def test_members_choose_how_often_they_get_emails(client, people, group):
    client.force_login(people["member"])
    assert "Un résumé par jour" in page_text(client.get(f"/groupes/{group.slug}/"))
    client.post(f"/groupes/{group.slug}/courriels/", {"notify": "immediate"})
    assert Membership.objects.get(group=group, user=people["member"]).notify == "immediate"


def test_the_group_list_filters_by_theme_territory_and_text(client, people, group, beauvais):
    culture = Theme.objects.get(slug="culture")
    make_group(
        user=people["non_member"],
        name="Théâtre amateur beauvaisien",
        description="Répétitions le jeudi.",
        theme=culture,
        territory=beauvais,
    )

    def names(**query):
        return [g.name for g in client.get("/groupes/", query).context["groups"]]

    assert set(names()) == {"Vélo à Creil", "Théâtre amateur beauvaisien"}
    assert names(theme=culture.pk) == ["Théâtre amateur beauvaisien"]
    epci = beauvais.ancestors().get(kind="epci")
    assert names(territory=epci.pk) == ["Théâtre amateur beauvaisien"]
    assert names(q="theatre") == ["Théâtre amateur beauvaisien"]
    assert names(q="VELO") == ["Vélo à Creil"]


def test_the_group_list_is_paginated(client, people, creil, mobilite):
    for n in range(25):
        CivicGroup.objects.create(
            name=f"Groupe {n:02d}",
            slug=f"groupe-{n:02d}",
            description="d",
            theme=mobilite,
            territory=creil,
        )
    response = client.get("/groupes/")
    assert len(response.context["groups"]) == 20
    assert "Page 1 sur 2" in page_text(response)


def make_discussions(group, author, count, start=0):
    for n in range(start, start + count):
        discussions.start_discussion(
            user=fresh(author), group=group, title=f"Sujet {n}", body=f"Texte {n}"
        )


# The group page, for a signed-in member, on top of the layout's queries: the group (with its
# theme, territory and members count); the viewer's membership; the animators (with profiles);
# the count and the page of discussions (with authors, consultations and answers); the group's
# consultations; the viewer's profile (may they open a consultation?); the group's next dates
# (the agenda's section, templates/civic/groups/detail.html); whether the viewer follows the
# group (its « Suivre » button). Whether the viewer's email is confirmed comes with their
# account, loaded by the layout.
GROUP_PAGE_QUERIES = 9


def test_the_group_page_runs_the_same_queries_for_3_or_40_discussions(
    client, people, group, django_assert_num_queries, settings, layout_queries
):
    settings.CIVIC_POST_RATE = ""
    authors = [people["member"], people["animator"], people["elected_here"]]
    client.force_login(people["member"])
    client.get(f"/groupes/{group.slug}/")
    expected = GROUP_PAGE_QUERIES + layout_queries()
    for author in authors:
        make_discussions(group, author, 1, start=author.pk * 100)
    with django_assert_num_queries(expected):
        response = client.get(f"/groupes/{group.slug}/")
    assert len(response.context["discussions"]) == 3
    for index in range(37):
        extra = make_member(first_name=f"Auteur{index}", last_name="Test", commune=group.territory)
        groups.join_group(user=extra, group=group)
        make_discussions(group, extra, 1, start=1000 + index)
    with django_assert_num_queries(expected):
        response = client.get(f"/groupes/{group.slug}/")
    assert response.context["page_obj"].paginator.count == 40
    assert len(response.context["discussions"]) == 20
