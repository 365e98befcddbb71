"""A group's page lists the group's next events, put there by the project's template."""

from civic.dialogue.models.groups import CivicGroup, Membership, Theme


def make_group(association, creil):
    theme = Theme.objects.first() or Theme.objects.create(name="Culture", slug="culture")
    group = CivicGroup.objects.create(
        name="Vélo à Creil", slug="velo-creil", description="x", theme=theme, territory=creil
    )
    Membership.objects.create(group=group, user=association, role=Membership.Role.ANIMATOR)
    return group


def test_a_group_page_lists_the_events_the_group_organises(client, association, make_event, creil):
    group = make_group(association, creil)
    make_event(association, "Balade à vélo", organiser_kind="group", organiser_group=group)
    make_event(association, "Concert de l'association")

    html = client.get(f"/groupes/{group.slug}/").content.decode()

    assert '<h2 id="prochains-evenements">Prochains événements</h2>' in html
    assert "Balade à vélo" in html
    assert "Concert de l&#x27;association" not in html
    assert f'href="/agenda/groupes/{group.pk}.ics"' in html


def test_a_group_without_events_has_no_events_section(client, association, creil):
    group = make_group(association, creil)

    html = client.get(f"/groupes/{group.slug}/").content.decode()

    assert "Prochains événements" not in html
