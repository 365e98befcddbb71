"""Blocks that bring the network onto portal pages: nearby groups, latest discussions, open
consultations — the visitor's commune first, hidden content never."""

import datetime
import json

import pytest
from django.utils import timezone
from factories import make_member, page_text

from civic.dialogue.models.discussions import Consultation, Discussion
from civic.dialogue.models.groups import CivicGroup, Theme
from portal.models import StandardPage


@pytest.fixture
def network(demo, beauvais, creil):
    theme, _ = Theme.objects.get_or_create(slug="mobilite", defaults={"name": "Mobilité"})
    now = timezone.now()

    def group(name, territory, minutes_ago, **fields):
        return CivicGroup.objects.create(
            name=name,
            slug=name.lower().replace(" ", "-").replace("à", "a").replace("é", "e"),
            description="Un groupe.",
            theme=theme,
            territory=territory,
            last_activity_at=now - datetime.timedelta(minutes=minutes_ago),
            **fields,
        )

    creil_group = group("Creil à vélo", creil, 30)
    beauvais_group = group("Jardins de Beauvais", beauvais, 10)
    group("Groupe masqué", creil, 1, is_hidden=True, hidden_reason="Hors charte")
    Discussion.objects.create(
        group=creil_group, title="Une piste rue de la République", last_activity_at=now
    )
    Discussion.objects.create(
        group=beauvais_group,
        title="Les composteurs du quartier",
        last_activity_at=now - datetime.timedelta(minutes=5),
    )
    Discussion.objects.create(group=creil_group, title="Discussion masquée", is_hidden=True)
    consultation = Discussion.objects.create(group=creil_group, title="Quel tracé pour la voie ?")
    Consultation.objects.create(
        discussion=consultation, closes_at=now + datetime.timedelta(days=20)
    )
    closed = Discussion.objects.create(group=creil_group, title="Consultation close")
    Consultation.objects.create(discussion=closed, closed_at=now)
    page = StandardPage(
        title="Le réseau",
        body=json.dumps(
            [
                {
                    "type": "nearby_groups",
                    "value": {"title": "Groupes près de chez vous", "count": 4},
                },
                {
                    "type": "latest_discussions",
                    "value": {"title": "Dernières discussions", "count": 4},
                },
                {
                    "type": "open_consultations",
                    "value": {"title": "Consultations en cours", "count": 4},
                },
            ]
        ),
    )
    demo.home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_resident_of_creil_sees_the_groups_of_creil_and_not_those_of_beauvais(
    client, network, creil
):
    client.force_login(make_member(first_name="Nora", last_name="Habitante", commune=creil))

    html = page_text(client.get(network.url))

    groups = html[html.index("Groupes près de chez vous") : html.index("Dernières discussions")]
    assert "Creil à vélo" in groups
    assert "Jardins de Beauvais" not in groups
    assert "Groupe masqué" not in groups
    assert "Les groupes de Creil, de ses quartiers" in groups


def test_an_anonymous_visitor_sees_the_portals_groups_and_is_offered_to_choose_a_commune(
    client, network
):
    html = page_text(client.get(network.url))

    groups = html[html.index("Groupes près de chez vous") : html.index("Dernières discussions")]
    assert groups.index("Jardins de Beauvais") < groups.index("Creil à vélo")
    assert '<a href="/pres-de-chez-moi/">Choisir ma commune</a>' in groups


def test_latest_discussions_put_the_visitors_commune_first_and_skip_hidden_ones(
    client, network, beauvais
):
    anonymous = page_text(client.get(network.url))
    client.force_login(make_member(first_name="Paul", last_name="Beauvaisien", commune=beauvais))
    resident = page_text(client.get(network.url))

    def position(html, title):
        found = html.find(title)
        return found if found != -1 else len(html)

    # Newest first for everyone; for a resident of Beauvais, what concerns Beauvais comes first.
    piste, composteurs = "Une piste rue de la République", "Les composteurs du quartier"
    assert position(anonymous, piste) < position(anonymous, composteurs)
    assert composteurs in resident
    assert position(resident, composteurs) < position(resident, piste)
    assert "Discussion masquée" not in resident


def test_only_open_consultations_are_listed_with_their_closing_date(client, network):
    html = page_text(client.get(network.url))

    consultations = html[html.index("Consultations en cours") :]
    assert "Quel tracé pour la voie ?" in consultations
    assert "jusqu'au" in consultations
    assert "Consultation close" not in consultations
