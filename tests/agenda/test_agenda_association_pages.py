"""A verified association's profile shows its life (events, groups, feed, contact), and its
events can be shown on its own website without an iframe or a script."""

import html

from civic.dialogue.models.groups import CivicGroup, Membership, Theme


def test_a_verified_association_profile_lists_its_events_groups_feed_and_contact(
    client, association, make_event, creil, other_association
):
    profile = association.profile
    profile.website = "https://creil-solidarite.fr"
    profile.save()
    make_event(association, "Maraude solidaire")
    make_event(other_association, "Fête de quartier")
    theme = Theme.objects.first() or Theme.objects.create(name="Solidarité", slug="solidarite")
    group = CivicGroup.objects.create(
        name="Entraide Creil", slug="entraide-creil", description="x", theme=theme, territory=creil
    )
    Membership.objects.create(group=group, user=association, role=Membership.Role.ANIMATOR)
    page = html.unescape(client.get(f"/profils/{profile.pk}/").content.decode())
    assert "Prochains événements" in page and "Maraude solidaire" in page
    assert "Fête de quartier" not in page
    assert "Entraide Creil" in page
    assert f'href="/agenda/organisateurs/{profile.pk}.ics"' in page
    assert "https://creil-solidarite.fr" in page
    assert f"/agenda/organisateurs/{profile.pk}/integrer/" in page


def test_a_citizen_profile_has_no_agenda_section(client, roles):
    page = client.get(f"/profils/{roles['citizen'].profile.pk}/").content.decode()
    assert "Prochains événements" not in page


def test_the_association_copies_an_iframe_free_list_of_its_events_and_may_include_it(
    client, association, make_event
):
    make_event(association, "Maraude <solidaire>")
    pk = association.profile.pk
    page = client.get(f"/agenda/organisateurs/{pk}/integrer/").content.decode()
    snippet = html.unescape(page.split("readonly>")[1].split("</textarea>")[0])
    assert "<iframe" not in snippet and "<script" not in snippet
    assert "Maraude &lt;solidaire&gt;" in snippet  # the title escaped in the copied code
    assert f"http://testserver/agenda/organisateurs/{pk}.ics" in snippet
    fragment = client.get(f"/agenda/organisateurs/{pk}/evenements.html")
    assert fragment.status_code == 200
    assert "Maraude &lt;solidaire&gt;" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_only_verified_associations_have_an_embeddable_list(client, roles, creil):
    for role in ("citizen", "pending_association"):
        pk = roles[role].profile.pk
        assert client.get(f"/agenda/organisateurs/{pk}/integrer/").status_code == 404
        assert client.get(f"/agenda/organisateurs/{pk}/evenements.html").status_code == 404


def test_the_association_profile_runs_the_same_queries_for_one_or_six_events(
    client, association, make_event, uncached_pages
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/profils/{association.profile.pk}/"
    make_event(association, "Atelier 0")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(1, 6):
        make_event(association, f"Atelier {n}", days=3 + n)
    with CaptureQueriesContext(connection) as six:
        page = client.get(url).content.decode()
    assert page.count("Atelier ") == 6
    assert len(six.captured_queries) == len(one.captured_queries)
