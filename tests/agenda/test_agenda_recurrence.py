"""Recurring events: the portal's occurrences are those any calendar software computes."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import recurring_ical_events
from agenda_factories import at, paris
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as ICalEvent

from agenda import ical
from agenda.models import Event, Occurrence
from agenda.recurrence import (
    HORIZON,
    Frequency,
    RecurrenceError,
    build_rrule,
    describe,
    event_instances,
    exdates_for_dates,
    normalize_rrule,
)
from agenda.services.events import update_event
from agenda.services.imports import create_source, import_calendar


def portal_starts(event):
    return [o.starts_at for o in Occurrence.objects.filter(event=event).order_by("starts_at")]


def independent_starts(event, start, end):
    """What recurring-ical-events reads in the exported .ics, between start and end."""
    data = ical.to_ics([event], name="t", base_url="https://portail.test", council_name="CD60")
    calendar = Calendar.from_ical(data)
    found = recurring_ical_events.of(calendar).between(start, end)
    starts = []
    for component in found:
        value = component["DTSTART"].dt
        if not isinstance(value, datetime):
            value = timezone.make_aware(datetime.combine(value, datetime.min.time()))
        starts.append(value)
    return sorted(starts)


def test_a_weekly_market_appears_every_saturday_at_the_same_wall_clock_time_across_dst(
    make_event, association
):
    # 7 March 2026 is a Saturday; summer time starts on 29 March.
    market = make_event(
        association,
        "Marché du samedi",
        starts_at=paris(2026, 3, 7, 8, 0),
        ends_at=paris(2026, 3, 7, 13, 0),
        rrule="FREQ=WEEKLY;BYDAY=SA;UNTIL=20260530",
    )
    starts = portal_starts(market)
    assert len(starts) == 13
    assert {timezone.localtime(s).strftime("%A %H:%M") for s in starts} == {"Saturday 08:00"}
    assert timezone.localtime(starts[-1]).date() == date(2026, 5, 30)
    ends = [o.ends_at for o in market.occurrences.order_by("starts_at")]
    assert all(timezone.localtime(e).hour == 13 for e in ends)


def test_occurrences_match_an_independent_parser_of_the_exported_feed(make_event, association):
    cafe = make_event(
        association,
        "Repair café",
        starts_at=paris(2026, 1, 10, 14, 0),
        ends_at=paris(2026, 1, 10, 18, 0),
        rrule="FREQ=MONTHLY;BYDAY=2SA",
        exdates=exdates_for_dates([date(2026, 8, 8)], starts_at=paris(2026, 1, 10, 14, 0)),
    )
    start, end = paris(2026, 1, 1, 0, 0), paris(2027, 1, 1, 0, 0)
    ours = [s for s in portal_starts(cafe) if start <= s < end]
    assert ours == independent_starts(cafe, start, end)
    assert len(ours) == 11  # twelve second Saturdays, less August
    assert date(2026, 8, 8) not in {timezone.localtime(s).date() for s in ours}


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;COUNT=10",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=12",
        "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=6",
        "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20261231T230000Z",
        "FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=14;COUNT=3",
    ],
)
def test_every_kind_of_rule_expands_as_recurring_ical_events_does(make_event, association, rule):
    event = make_event(
        association,
        "Série",
        starts_at=paris(2026, 2, 3, 18, 30),
        ends_at=paris(2026, 2, 3, 20, 0),
        rrule=rule,
    )
    # Occurrences are precomputed up to the horizon: compare up to there.
    start, end = paris(2026, 1, 1, 0, 0), timezone.now() + HORIZON
    assert portal_starts(event) == independent_starts(event, start, end)


def test_an_all_day_recurring_event_keeps_its_dates(make_event, association):
    fair = make_event(
        association,
        "Braderie",
        starts_at=paris(2026, 9, 5, 0, 0),
        ends_at=paris(2026, 9, 7, 0, 0),  # Saturday and Sunday
        all_day=True,
        rrule="FREQ=YEARLY;COUNT=3",
    )
    instances = event_instances(fair, until=paris(2030, 1, 1, 0, 0))
    assert [timezone.localtime(i.starts_at).date() for i in instances] == [
        date(2026, 9, 5),
        date(2027, 9, 5),
        date(2028, 9, 5),
    ]
    occurrences = list(fair.occurrences.order_by("starts_at"))
    assert occurrences[0].last_day == date(2026, 9, 6)
    start, end = paris(2026, 1, 1, 0, 0), paris(2029, 1, 1, 0, 0)
    fair.refresh_from_db()
    assert [i.starts_at for i in event_instances(fair, until=end)] == independent_starts(
        fair, start, end
    )


def test_open_ended_rules_are_precomputed_up_to_the_horizon_only(make_event, association):
    weekly = make_event(association, "Chorale", days=1, rrule="FREQ=WEEKLY")
    count = weekly.occurrences.count()
    assert 75 <= count <= 80  # about 18 months of weeks
    assert weekly.occurrences.order_by("-starts_at").first().starts_at < at(560)


def test_changing_the_rule_recomputes_the_occurrences(make_event, association):
    event = make_event(association, "Atelier couture", days=1, rrule="FREQ=WEEKLY;COUNT=4")
    assert event.occurrences.count() == 4
    update_event(event=event, editor=association, rrule="FREQ=WEEKLY;COUNT=2")
    assert event.occurrences.count() == 2


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=HOURLY", "plus d'une fois par jour"),
        ("FREQ=MINUTELY;COUNT=5", "plus d'une fois par jour"),
        ("BYDAY=MO", "n'indique pas de fréquence"),
        ("FREQ=WEEKLY;BYDAY=XX", "illisible"),
        ("n'importe quoi", "n'indique pas de fréquence"),
    ],
)
def test_unusable_rules_are_refused_in_french(rule, message):
    with pytest.raises(RecurrenceError, match=message):
        normalize_rrule(rule)


def test_an_until_date_means_until_the_end_of_that_day_in_paris():
    assert normalize_rrule("FREQ=WEEKLY;UNTIL=20260630") == "FREQ=WEEKLY;UNTIL=20260630T215959Z"


@pytest.mark.parametrize(
    ("frequency", "first", "text"),
    [
        (Frequency.WEEKLY, date(2026, 5, 2), "Tous les samedis"),
        (Frequency.BIWEEKLY, date(2026, 5, 5), "Un mardi sur deux"),
        (Frequency.MONTHLY_WEEKDAY, date(2026, 5, 9), "Le 2e samedi de chaque mois"),
        (Frequency.MONTHLY_WEEKDAY, date(2026, 5, 30), "Le dernier samedi de chaque mois"),
        (Frequency.MONTHLY_DAY, date(2026, 5, 15), "Le 15 de chaque mois"),
        (Frequency.DAILY, date(2026, 5, 15), "Tous les jours"),
    ],
)
def test_rules_are_said_in_french(frequency, first, text):
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()) + timedelta(hours=9))
    event = Event(starts_at=start, ends_at=start, rrule=build_rrule(frequency, start=first))
    assert describe(event) == text


def test_a_rule_with_an_end_says_until_when():
    start = paris(2026, 5, 2, 9, 0)
    rule = build_rrule(Frequency.WEEKLY, start=start.date(), until=date(2026, 6, 27))
    assert describe(Event(starts_at=start, ends_at=start, rrule=rule)) == (
        "Tous les samedis jusqu'au 27 juin 2026"
    )


def feed_titles(client):
    body = client.get("/agenda/ical/").content.decode()
    return {line.removeprefix("SUMMARY:") for line in body.splitlines() if "SUMMARY:" in line}


def test_a_series_begun_two_months_ago_stays_in_the_feed_until_its_last_date_is_a_month_past(
    client, make_event, association
):
    started = at(-60, 18)
    series = make_event(
        association,
        "Cours de yoga",
        starts_at=started,
        ends_at=started + timedelta(hours=1),
        rrule="FREQ=WEEKLY;COUNT=10",  # its last date in three days
    )
    make_event(association, "Concert de janvier", starts_at=started, ends_at=at(-60, 22))
    assert feed_titles(client) == {"Cours de yoga"}
    update_event(event=series, editor=association, rrule="FREQ=WEEKLY;COUNT=3")  # 46 days ago
    assert feed_titles(client) == set()
    update_event(event=series, editor=association, rrule="FREQ=WEEKLY")
    assert feed_titles(client) == {"Cours de yoga"}


def test_every_way_of_writing_events_keeps_the_end_of_each_ones_last_date(
    make_event, association, other_association
):
    single = make_event(association, "Concert")
    counted = make_event(association, "Atelier", days=1, rrule="FREQ=WEEKLY;COUNT=4")
    make_event(association, "Chorale", days=1, rrule="FREQ=WEEKLY")
    make_event(association, "Brouillon", submit=False, rrule="FREQ=DAILY;COUNT=3")
    update_event(event=counted, editor=association, rrule="FREQ=WEEKLY;COUNT=2")
    update_event(event=single, editor=association, ends_at=single.ends_at + timedelta(hours=3))
    calendar = Calendar()
    calendar.add("prodid", "-//Test//FR")
    calendar.add("version", "2.0")
    for n, rule in enumerate(["", "FREQ=MONTHLY;COUNT=5"]):
        component = ICalEvent()
        component.add("uid", f"partenaire-{n}@example.org")
        component.add("summary", f"Rendez-vous {n}")
        component.add("dtstart", at(n + 2, 14))
        component.add("dtend", at(n + 2, 16))
        if rule:
            component.add("rrule", dict(part.split("=") for part in rule.split(";")))
        calendar.add_component(component)
    source = create_source(owner=other_association, name="Partenaire")
    assert len(import_calendar(source=source, data=calendar.to_ical()).created) == 2
    call_command("refresh_calendars", stdout=StringIO())

    events = Event.objects.annotate(last=Max("occurrences__ends_at")).order_by("title")
    assert len(events) == 6
    for event in events:
        assert event.last is not None
        assert event.last_ends_at == event.last, event.title
    assert Event.objects.get(title="Atelier").last_ends_at == at(8, 22)
    assert Event.objects.get(title="Concert").last_ends_at == at(4, 1)


@pytest.mark.parametrize(
    ("rule", "possible"),
    [
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", False),
        ("FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=-31", False),
        ("FREQ=WEEKLY;BYMONTH=2;BYYEARDAY=1", False),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29", True),
        ("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=-1", True),
        ("FREQ=YEARLY;BYYEARDAY=366", True),
        ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31;BYYEARDAY=-1", True),
    ],
)
def test_a_rule_that_falls_on_no_real_date_is_refused_and_one_that_may_is_kept(rule, possible):
    if possible:
        assert normalize_rrule(rule)
    else:
        with pytest.raises(RecurrenceError, match="ne tombe sur aucune date du calendrier"):
            normalize_rrule(rule)
