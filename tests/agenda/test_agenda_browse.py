"""/agenda/: upcoming events by date, place, category, organiser, price and accessibility."""

from datetime import datetime, timedelta

import pytest
from agenda_factories import at
from django.utils import timezone
from factories import page_text

from agenda.filters import preset_window
from agenda.models import Event, EventCategory
from agenda.services.events import cancel_event
from civic.common.pagination import CappedPaginator
from civic.territories import models as territory


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def titles(response):
    return [o.event.title for o in response.context["occurrences"]]


def test_upcoming_events_are_listed_by_date_and_past_ones_left_out(client, association, make_event):
    make_event(association, "Dans une semaine", days=7)
    make_event(association, "Demain", days=1)
    make_event(association, "Hier", days=-1)
    response = client.get("/agenda/")
    assert titles(response) == ["Demain", "Dans une semaine"]
    html = page_text(response)
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert f"{tomorrow:%d}".lstrip("0") in html
    assert "Creil Solidarité" in html


def test_a_recurring_event_appears_at_each_of_its_dates(client, association, make_event):
    make_event(association, "Marché", days=1, hours=5, rrule="FREQ=WEEKLY;COUNT=4")
    assert titles(client.get("/agenda/")) == ["Marché"] * 4


@pytest.mark.parametrize("preset", ["today", "weekend", "week", "month"])
def test_date_presets_keep_only_what_happens_in_them(client, association, make_event, preset):
    now = timezone.now()
    start, end = preset_window(preset, now)
    inside = make_event(association, "Dedans", starts_at=max(start, now) + timedelta(minutes=1))
    make_event(association, "Après", starts_at=end + timedelta(hours=1))
    listed = titles(client.get("/agenda/", {"when": preset}))
    assert listed == [inside.title]


def test_the_weekend_is_saturday_and_sunday():
    wednesday = timezone.make_aware(datetime(2026, 5, 13, 12, 0))
    start, end = preset_window("weekend", wednesday)
    assert timezone.localtime(start).strftime("%A %d %H:%M") == "Saturday 16 00:00"
    assert timezone.localtime(end).strftime("%A %d %H:%M") == "Monday 18 00:00"
    sunday = timezone.make_aware(datetime(2026, 5, 17, 15, 0))
    start, end = preset_window("weekend", sunday)
    assert start == sunday
    assert timezone.localtime(end).strftime("%A %d") == "Monday 18"


def test_a_date_range(client, association, make_event):
    make_event(association, "Le 10", days=10)
    make_event(association, "Le 20", days=20)
    day = timezone.localdate()
    response = client.get(
        "/agenda/",
        {
            "start": f"{day + timedelta(days=9):%Y-%m-%d}",
            "end": f"{day + timedelta(days=12):%Y-%m-%d}",
        },
    )
    assert titles(response) == ["Le 10"]


def test_choosing_an_intercommunality_shows_the_events_of_all_its_communes(
    client, association, make_event, creil, beauvais
):
    make_event(association, "À Creil", commune=creil)
    nogent = (
        creil.ancestors()
        .get(kind="epci")
        .descendants()
        .exclude(pk=creil.pk)
        .filter(kind="commune")
        .first()
    )
    make_event(association, "Dans l'agglomération", commune=nogent)
    make_event(association, "À Beauvais", commune=beauvais)
    epci = creil.ancestors().get(kind="epci")
    assert sorted(titles(client.get("/agenda/", {"territory": epci.pk}))) == [
        "Dans l'agglomération",
        "À Creil",
    ]
    assert titles(client.get("/agenda/", {"territory": beauvais.pk})) == ["À Beauvais"]


def test_category_organiser_free_and_accessibility_filters(
    client, association, other_association, make_event, roles
):
    make_event(association, "Concert payant", is_free=False, price="10 €")
    make_event(
        other_association,
        "Expo accessible",
        category=EventCategory.objects.get(slug="exposition"),
        wheelchair_accessible=True,
        hearing_loop=True,
    )
    make_event(roles["communication"], "Vœux du Département", organiser_kind="council")
    assert titles(client.get("/agenda/", {"category": "exposition"})) == ["Expo accessible"]
    assert titles(client.get("/agenda/", {"organiser": association.profile.pk})) == [
        "Concert payant"
    ]
    assert titles(client.get("/agenda/", {"organiser": "conseil"})) == ["Vœux du Département"]
    assert "Concert payant" not in titles(client.get("/agenda/", {"free": "on"}))
    assert titles(
        client.get("/agenda/", {"access": ["wheelchair_accessible", "hearing_loop"]})
    ) == ["Expo accessible"]
    assert titles(client.get("/agenda/", {"access": ["sign_language"]})) == []


def test_a_cancelled_event_stays_listed_as_cancelled(client, association, published):
    cancel_event(event=published, editor=association, reason="Intempéries")
    response = client.get("/agenda/")
    assert titles(response) == ["Concert de printemps"]
    assert "Annulé" in page_text(response)


def test_drafts_submitted_and_rejected_events_are_not_listed(client, roles, make_event):
    make_event(roles["verified_association"], "Brouillon", submit=False)
    make_event(roles["citizen"], "En attente")
    assert titles(client.get("/agenda/")) == []


def test_bad_filter_values_get_a_french_message_not_an_error(client, published):
    response = client.get("/agenda/", {"start": "31/02/2026", "category": "inconnue"})
    assert response.status_code == 200
    assert "Saisissez une date valide." in page_text(response)
    assert titles(response) == ["Concert de printemps"]


def test_the_listing_is_paginated(client, association, make_event):
    for n in range(25):
        make_event(association, f"Événement {n:02d}", days=1 + n)
    first = client.get("/agenda/")
    assert len(first.context["occurrences"]) == 20
    assert "Page 1 sur 2" in page_text(first)
    assert len(client.get("/agenda/", {"page": 2}).context["occurrences"]) == 5


def test_a_listing_longer_than_its_count_cap_says_more_than_and_pages_up_to_it(
    client, association, make_event, monkeypatch
):
    monkeypatch.setattr(CappedPaginator, "cap", 30)
    for n in range(35):
        make_event(association, f"Événement {n:02d}", days=1 + n)
    first = client.get("/agenda/")
    assert "Plus de 30 dates" in page_text(first)
    assert "Page 1 sur 2" in page_text(first)
    assert len(client.get("/agenda/", {"page": 2}).context["occurrences"]) == 10
    ten_days = (timezone.localdate() + timedelta(days=10)).isoformat()
    exact = client.get("/agenda/", {"end": ten_days})  # under the cap: counted exactly
    assert exact.context["page_obj"].paginator.count == 10
    assert "10 dates" in page_text(exact)
    assert "Plus de" not in page_text(exact)


def test_the_month_view_is_a_calendar_table(client, association, make_event):
    event = make_event(association, "Concert au parc", starts_at=at(2, 18), ends_at=at(2, 20))
    day = timezone.localtime(event.starts_at).date()
    response = client.get("/agenda/", {"vue": "mois", "mois": f"{day:%Y-%m}"})
    html = page_text(response)
    assert "<table" in html and "<caption>" in html
    assert html.count('<th scope="col">') == 7
    assert '<abbr title="Lundi">lun.</abbr>' in html
    assert "18h Concert au parc" in " ".join(html.split()) or "18h00" in html
    cells = [cell for week in response.context["weeks"] for cell in week]
    assert next(c["occurrences"] for c in cells if c["date"] == day)[0].event == event
    assert f"mois={(day.replace(day=1) + timedelta(days=32)):%Y-%m}" in html


def test_a_multi_day_event_fills_each_of_its_days_in_the_month_view(
    client, association, make_event
):
    festival = make_event(
        association, "Festival", starts_at=at(3, 0), ends_at=at(6, 0), all_day=True
    )
    first = timezone.localtime(festival.starts_at).date()
    response = client.get("/agenda/", {"vue": "mois", "mois": f"{first:%Y-%m}"})
    cells = {c["date"]: c["occurrences"] for week in response.context["weeks"] for c in week}
    festival_days = [first + timedelta(days=n) for n in range(3)]
    for day in festival_days:
        if day in cells:
            assert [o.event.title for o in cells[day]] == ["Festival"]
    assert [o.event.title for o in cells.get(first + timedelta(days=3), [])] == []


def make_many(association, make_event, count, creil):
    for n in range(count):
        make_event(
            association,
            f"Événement {n}",
            days=1 + n % 25,
            rrule="FREQ=WEEKLY;COUNT=2" if n % 7 == 0 else "",
        )


# On top of the layout, for an anonymous visitor: civic's site settings with the portal's
# territory, the chosen territory and the places within it (civic.territories.models.places_within), the count
# (list view only), the category and territory choices, the page of occurrences with their events.
AGENDA_QUERIES = {"liste": 7, "mois": 6}


@pytest.mark.parametrize("view", ["liste", "mois"])
def test_the_agenda_runs_the_same_number_of_queries_for_3_or_60_events(
    client, association, make_event, creil, django_assert_num_queries, view, layout_queries
):
    expected = layout_queries + AGENDA_QUERIES[view]
    params = {"territory": creil.pk, "vue": view}
    client.get("/agenda/", params)
    make_many(association, make_event, 3, creil)
    with django_assert_num_queries(expected):
        small = client.get("/agenda/", params)
    make_many(association, make_event, 57, creil)
    with django_assert_num_queries(expected):
        large = client.get("/agenda/", params)
    assert small.status_code == large.status_code == 200
    if view == "liste":
        assert small.context["page_obj"].paginator.count == 4
        assert large.context["page_obj"].paginator.count == 70  # 60 events, 10 of them twice


def test_a_busy_day_of_the_month_links_to_its_full_list_with_the_same_filters(
    client, association, make_event
):
    day = timezone.localdate() + timedelta(days=3)
    for n in range(6):
        make_event(association, f"Animation {n}", starts_at=at(3, 10 + n))
    response = client.get("/agenda/", {"vue": "mois", "mois": f"{day:%Y-%m}", "free": "on"})
    html = page_text(response)
    assert "et 2 autres" in html
    link = f"/agenda/?free=on&start={day:%Y-%m-%d}&end={day:%Y-%m-%d}"
    assert link in html
    assert len(client.get(link).context["occurrences"]) == 6


def test_a_region_lists_its_events_when_its_places_are_too_many_to_list(
    client, association, make_event, oise, beauvais, monkeypatch
):
    make_event(association, "Bal du Beauvaisis", commune=beauvais)
    monkeypatch.setattr(territory, "LISTED_PLACES_MAX", 5)  # the Oise holds 702 places
    region = oise.ancestors().get()

    # The région's places go to the database as a subquery, Beauvais's as a list: same answer.
    assert [e.title for e in Event.objects.within(region)] == ["Bal du Beauvaisis"]
    assert [e.title for e in Event.objects.within(beauvais)] == ["Bal du Beauvaisis"]
