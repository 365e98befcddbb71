"""The most specific first: what is aimed at the visitor's commune (or a quartier of it) comes
before their intercommunality, then their département and région, newest first inside each
level, for as long as the freshness window staff set."""

import datetime

import pytest
from django.utils import timezone
from factories import make_member, page_text

from civic.dialogue.models.discussions import Consultation, Discussion
from civic.dialogue.models.groups import CivicGroup, Theme
from civic.territories.models import Territory
from civic.territories.proximity import Vicinity
from civic.territories.services import create_quartier
from civic.territories.settings import CivicSettings
from portal.models import NewsPage
from portal.targeting import SESSION_COMMUNE_KEY


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def commune(code):
    return Territory.objects.get(kind=Territory.Kind.COMMUNE, code=code)


@pytest.fixture
def clermont(db):
    return commune("60157")


def choose(client, place):
    session = client.session
    session[SESSION_COMMUNE_KEY] = place.pk
    session.save()


def news_titles(html, index):
    """The demo news listed on `html`, in their order."""
    titles = [p.title for p in NewsPage.objects.child_of(index)]
    return sorted((t for t in titles if t in html), key=html.index)


CLERMONT_TITLE = "Clermont : la halle du marché rouvre ses portes"


@pytest.fixture
def clermont_news(demo, clermont):
    """The issue's case: the demo news (the département's of 1, 3, 8 and 14 days ago, other
    communes', Creil's intercommunality's…), and an item aimed at Clermont dated 18 days ago
    (20 November, seen on 8 December)."""
    index = demo.home.get_children().get(slug="actualites").specific
    item = NewsPage(
        title=CLERMONT_TITLE,
        summary="Les commerçants retrouvent la halle rénovée.",
        territory=clermont,
        date=days_ago(18),
    )
    index.add_child(instance=item)
    item.save_revision().publish()
    return index


def test_the_clermont_news_comes_first_for_a_clermont_visitor_before_newer_departement_news(
    client, clermont_news, clermont
):
    choose(client, clermont)

    order = news_titles(page_text(client.get(clermont_news.url)), clermont_news)

    # Before: 5th, after the département's four newer items, which all counted as « near you ».
    assert order[0] == CLERMONT_TITLE
    assert order[1:5] == [
        "Le budget 2026 adopté en séance publique",
        "Plan vélo : de nouvelles pistes cyclables d'ici 2028",
        "Transport scolaire : les inscriptions sont ouvertes jusqu'au 15 juillet",
        "Fortes chaleurs : des salles rafraîchies ouvertes près de chez vous",
    ]


def test_the_home_news_block_shows_the_clermont_news_to_a_clermont_visitor(
    client, clermont_news, clermont
):
    assert CLERMONT_TITLE not in page_text(client.get("/"))  # newer news for everyone else

    choose(client, clermont)
    html = page_text(client.get("/"))

    assert CLERMONT_TITLE in html
    assert html.index(CLERMONT_TITLE) < html.index("Le budget 2026 adopté en séance publique")


def test_an_epci_item_comes_before_a_newer_departement_item(news_index, make_news, creil, oise):
    agglo = creil.ancestors().get(kind=Territory.Kind.EPCI)
    make_news("Budget du département", territory=oise, date=days_ago(1))
    make_news("Bus de l'agglomération", territory=agglo, date=days_ago(10))
    make_news("Région : TER", territory=oise.parent, date=days_ago(0))

    titles = [
        p.title
        for p in NewsPage.objects.live()
        .child_of(news_index)
        .most_specific_first(Vicinity.of(creil))
    ]

    assert titles[:3] == ["Bus de l'agglomération", "Budget du département", "Région : TER"]


def test_a_quartier_of_the_visitors_commune_counts_as_their_commune_and_another_one_does_not(
    news_index, make_news, creil, beauvais, oise
):
    plateau = create_quartier(commune=creil, name="Le Plateau")
    saint_jean = create_quartier(commune=beauvais, name="Saint-Jean")
    make_news("Département", territory=oise, date=days_ago(1))
    make_news("Fête du Plateau", territory=plateau, date=days_ago(12))
    make_news("Fête de Saint-Jean", territory=saint_jean, date=days_ago(0))

    titles = [
        p.title
        for p in NewsPage.objects.live()
        .child_of(news_index)
        .most_specific_first(Vicinity.of(creil))
    ]

    assert titles[:3] == ["Fête du Plateau", "Département", "Fête de Saint-Jean"]


def test_a_visitor_of_a_commune_with_nothing_local_gets_the_departement_first_then_the_rest(
    client, news_index, make_news, oise, beauvais
):
    make_news("Pour tout le monde", date=days_ago(1))
    make_news("À Beauvais", territory=beauvais, date=days_ago(2))
    make_news("Dans l'Oise", territory=oise, date=days_ago(5))
    choose(client, commune("60001"))  # Abancourt: no news of its own

    html = page_text(client.get(news_index.url))

    assert sorted(["Pour tout le monde", "À Beauvais", "Dans l'Oise"], key=html.index) == [
        "Dans l'Oise",
        "Pour tout le monde",
        "À Beauvais",
    ]


def test_local_news_older_than_the_freshness_window_no_longer_jumps_the_queue(
    client, news_index, make_news, creil, demo
):
    make_news("Vieille nouvelle de Creil", territory=creil, date=days_ago(40))
    make_news("Nouvelle pour tous", date=days_ago(2))
    client.force_login(make_member(first_name="Nora", last_name="Habitante", commune=creil))

    html = page_text(client.get(news_index.url))
    assert html.index("Nouvelle pour tous") < html.index("Vieille nouvelle de Creil")

    CivicSettings.objects.filter(site=demo.site).update(local_freshness_days=60)
    html = page_text(client.get(news_index.url))
    assert html.index("Vieille nouvelle de Creil") < html.index("Nouvelle pour tous")


@pytest.fixture
def theme(db):
    return Theme.objects.get_or_create(slug="mobilite", defaults={"name": "Mobilité"})[0]


def test_groups_discussions_and_consultations_rank_the_commune_then_the_epci_then_the_departement(
    theme, creil, oise
):
    now = timezone.now()
    agglo = creil.ancestors().get(kind=Territory.Kind.EPCI)
    groups = {}
    for minutes, (slug, territory) in enumerate(
        [("oise", oise), ("agglo", agglo), ("creil", creil), ("beauvais", commune("60057"))]
    ):
        groups[slug] = CivicGroup.objects.create(
            name=f"Groupe {slug}",
            slug=f"groupe-{slug}",
            description="Un groupe.",
            theme=theme,
            territory=territory,
            last_activity_at=now - datetime.timedelta(minutes=minutes),
        )
        discussion = Discussion.objects.create(
            group=groups[slug],
            title=f"Discussion {slug}",
            last_activity_at=groups[slug].last_activity_at,
        )
        Consultation.objects.create(
            discussion=discussion, closes_at=now + datetime.timedelta(days=5 - minutes)
        )
    vicinity = Vicinity.of(creil)
    expected = ["creil", "agglo", "oise", "beauvais"]

    ranked_groups = CivicGroup.objects.filter(pk__in=[g.pk for g in groups.values()])
    assert [g.slug for g in ranked_groups.most_specific_first(vicinity)] == [
        f"groupe-{slug}" for slug in expected
    ]
    discussions = Discussion.objects.filter(group__in=groups.values())
    assert [d.title for d in discussions.most_specific_first(vicinity)] == [
        f"Discussion {slug}" for slug in expected
    ]
    consultations = Consultation.objects.filter(discussion__group__in=groups.values())
    assert [c.discussion.title for c in consultations.most_specific_first(vicinity)] == [
        f"Discussion {slug}" for slug in expected
    ]
    # Without a commune, the most recent activity first.
    assert [g.slug for g in ranked_groups.most_specific_first(None)][:2] == [
        "groupe-oise",
        "groupe-agglo",
    ]
