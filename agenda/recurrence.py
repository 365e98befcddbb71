"""RFC 5545 recurrence: validating rules, building them from a form, expanding them, saying them.

Expansion happens in Europe/Paris wall-clock time, as calendar software does: a weekly event at
10:00 stays at 10:00 across daylight saving changes. dateutil computes the instances; the tests
check them against recurring-ical-events reading the exported feed.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice

from dateutil.rrule import rruleset, rrulestr
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import vRecur

ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
# How far ahead occurrences are precomputed, and how many one event may have at most.
HORIZON = timedelta(days=548)
MAX_OCCURRENCES = 1000

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class RecurrenceError(ValueError):
    """A rule the portal cannot use; the message is French and meant for the person."""


def parse_rrule(text):
    text = (text or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    try:
        recur = vRecur.from_ical(text)
    except Exception:
        raise RecurrenceError(
            _("La règle de récurrence « %(rule)s » est illisible.") % {"rule": text}
        ) from None
    frequency = (recur.get("FREQ") or [None])[0]
    if not frequency:
        raise RecurrenceError(_("La règle de récurrence n'indique pas de fréquence (FREQ)."))
    if str(frequency).upper() not in ALLOWED_FREQUENCIES:
        raise RecurrenceError(
            _(
                "Un événement ne peut pas se répéter plus d'une fois par jour (fréquence "
                "« %(freq)s »)."
            )
            % {"freq": frequency}
        )
    return recur


def normalize_rrule(text):
    """The rule as stored: UNTIL in UTC (an UNTIL date means until the end of that day, in Paris).

    Raises RecurrenceError when the rule is unusable.
    """
    if not (text or "").strip():
        return ""
    recur = parse_rrule(text)
    until = (recur.get("UNTIL") or [None])[0]
    if until is not None:
        if not isinstance(until, datetime):
            until = datetime.combine(until, time(23, 59, 59))
        if timezone.is_naive(until):
            until = timezone.make_aware(until)
        recur["UNTIL"] = [until.astimezone(UTC)]
    normalized = recur.to_ical().decode()
    try:
        rrulestr(normalized, dtstart=timezone.localtime())
        possible = _days_exist(recur)
    except Exception:
        raise RecurrenceError(
            _("La règle de récurrence « %(rule)s » est illisible.") % {"rule": text}
        ) from None
    if not possible:
        raise RecurrenceError(
            _(
                "La règle de récurrence « %(rule)s » ne tombe sur aucune date du calendrier "
                "(un 30 février, par exemple)."
            )
            % {"rule": text}
        )
    return normalized


def _days_exist(recur):
    """Whether some day of a common or a leap year meets the rule's BYMONTH, BYMONTHDAY and
    BYYEARDAY together: otherwise dateutil searches for one (a 30 February) day after day, up
    to the year 9999."""
    months = {int(str(month)) for month in recur.get("BYMONTH") or ()}
    month_days = {int(day) for day in recur.get("BYMONTHDAY") or ()}
    year_days = {int(day) for day in recur.get("BYYEARDAY") or ()}
    if not month_days and not year_days:
        return True
    for year in (2027, 2028):
        first = date(year, 1, 1)
        length = (date(year + 1, 1, 1) - first).days
        for index in range(length):
            day = first + timedelta(days=index)
            month_length = monthrange(year, day.month)[1]
            if (
                (not months or day.month in months)
                and (not month_days or {day.day, day.day - month_length - 1} & month_days)
                and (not year_days or {index + 1, index - length} & year_days)
            ):
                return True
    return False


def rrule_for_export(rrule, *, all_day):
    """The stored rule for an iCalendar file: UNTIL becomes a DATE for an all-day event."""
    recur = vRecur.from_ical(rrule)
    until = (recur.get("UNTIL") or [None])[0]
    if until is not None and all_day and isinstance(until, datetime):
        recur["UNTIL"] = [timezone.localtime(until).date()]
    return recur


def as_datetime(value):
    """An ISO string from `exdates`/`rdates` back to an aware datetime."""
    moment = datetime.fromisoformat(value)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def ruleset(*, starts_at, rrule="", exdates=(), rdates=()):
    local_start = timezone.localtime(starts_at)
    rules = rruleset()
    if rrule:
        rules.rrule(rrulestr(rrule, dtstart=local_start))
    # RFC 5545: DTSTART is always the first instance, whether or not the rule matches it.
    rules.rdate(local_start)
    for value in rdates:
        rules.rdate(timezone.localtime(as_datetime(value)))
    for value in exdates:
        rules.exdate(timezone.localtime(as_datetime(value)))
    return rules


@dataclass(frozen=True)
class Instance:
    starts_at: datetime
    ends_at: datetime


def _starts(*, starts_at, rrule, exdates, rdates, until):
    """The instances' starts, lazily: the first always, then up to `until`, at most MAX."""
    until = until or timezone.now() + HORIZON
    rules = ruleset(starts_at=starts_at, rrule=rrule, exdates=exdates, rdates=rdates)
    for count, start in enumerate(rules):
        # The first instance is always kept, even beyond the horizon.
        if (start > until and count) or count >= MAX_OCCURRENCES:
            return
        yield start


def expand(*, starts_at, ends_at, rrule="", exdates=(), rdates=(), until=None):
    """Every instance from the first up to `until` (default: HORIZON from now), at most MAX."""
    local_start = timezone.localtime(starts_at)
    duration = timezone.localtime(ends_at) - local_start  # wall-clock, like DTEND - DTSTART
    if not rrule and not rdates:
        return [Instance(starts_at, ends_at)]
    starts = _starts(starts_at=starts_at, rrule=rrule, exdates=exdates, rdates=rdates, until=until)
    return [Instance(start, _wall_clock_add(start, duration)) for start in starts]


def count_instances(*, starts_at, rrule="", exdates=(), rdates=(), until=None, limit=None):
    """How many instances `expand` would give, without building them; counting stops past
    `limit`, so that an unbounded rule costs no more than the cap it is checked against."""
    if not rrule and not rdates:
        return 1
    starts = _starts(starts_at=starts_at, rrule=rrule, exdates=exdates, rdates=rdates, until=until)
    if limit is not None:
        starts = islice(starts, limit + 1)
    return sum(1 for _start in starts)


def _wall_clock_add(start, duration):
    # Adding to an aware datetime keeps its wall clock; normalise through UTC for the offset.
    end = start + duration
    return end.astimezone(UTC).astimezone(start.tzinfo)


def event_instances(event, *, until=None):
    return expand(
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        rrule=event.rrule,
        exdates=event.exdates,
        rdates=event.rdates,
        until=until,
    )


# The simple choices offered in the form.


class Frequency:
    NONE = ""
    DAILY = "daily"
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY_WEEKDAY = "monthly_weekday"
    MONTHLY_DAY = "monthly_day"
    YEARLY = "yearly"
    CUSTOM = "custom"


def nth_weekday(day):
    """ "2SA" for the second Saturday of its month; "-1SA" for the last when it is the fifth."""
    position = (day.day - 1) // 7 + 1
    if position == 5:
        position = -1
    return f"{position}{WEEKDAYS[day.weekday()]}"


def build_rrule(frequency, *, start, until=None):
    """The RRULE text for a form's simple choice (start: local date of the first instance)."""
    parts = {
        Frequency.DAILY: "FREQ=DAILY",
        Frequency.WEEKLY: f"FREQ=WEEKLY;BYDAY={WEEKDAYS[start.weekday()]}",
        Frequency.BIWEEKLY: f"FREQ=WEEKLY;INTERVAL=2;BYDAY={WEEKDAYS[start.weekday()]}",
        Frequency.MONTHLY_WEEKDAY: f"FREQ=MONTHLY;BYDAY={nth_weekday(start)}",
        Frequency.MONTHLY_DAY: f"FREQ=MONTHLY;BYMONTHDAY={start.day}",
        Frequency.YEARLY: "FREQ=YEARLY",
    }.get(frequency, "")
    if parts and until is not None:
        parts += f";UNTIL={until:%Y%m%d}"
    return normalize_rrule(parts) if parts else ""


def frequency_of(rrule, start):
    """Which simple choice a stored rule is (CUSTOM when none matches), and its end date."""
    if not rrule:
        return Frequency.NONE, None
    recur = vRecur.from_ical(rrule)
    until = (recur.get("UNTIL") or [None])[0]
    until_date = timezone.localtime(until).date() if isinstance(until, datetime) else until
    without_until = dict(recur)
    without_until.pop("UNTIL", None)
    plain = vRecur(without_until).to_ical().decode()
    for frequency in (
        Frequency.DAILY,
        Frequency.WEEKLY,
        Frequency.BIWEEKLY,
        Frequency.MONTHLY_WEEKDAY,
        Frequency.MONTHLY_DAY,
        Frequency.YEARLY,
    ):
        if build_rrule(frequency, start=start) == plain:
            return frequency, until_date
    return Frequency.CUSTOM, None


FRENCH_DAYS = {
    "MO": "lundi",
    "TU": "mardi",
    "WE": "mercredi",
    "TH": "jeudi",
    "FR": "vendredi",
    "SA": "samedi",
    "SU": "dimanche",
}


def describe(event):
    """ "Tous les samedis jusqu'au 30 juin 2026", "Le 2e samedi de chaque mois"…"""
    text, until = _rule_phrase(event)
    if until is not None:
        text += " " + _("jusqu'au %(date)s") % {"date": date_format(until, "j F Y")}
    return text


def _hour(moment):
    """ "14 h", "14 h 30" """
    return f"{moment.hour} h" if not moment.minute else f"{moment.hour} h {moment.minute:02d}"


def _and_list(items):
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s et %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


# The exceptions named in full; beyond, their number.
EXCEPTIONS_NAMED = 5


def describe_in_full(event, cancelled=()):
    """ "Tous les mardis de 14 h à 17 h, jusqu'au 30 mars 2027, sauf le 13 avril": the rule,
    its hours, its end, and the dates it skips (its EXDATEs and the dates `cancelled`)."""
    text, until = _rule_phrase(event)
    if not text:
        return ""
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    if not event.all_day and end.date() == start.date() and end > start:
        text += " " + _("de %(start)s à %(end)s") % {"start": _hour(start), "end": _hour(end)}
    if until is not None:
        text += ", " + _("jusqu'au %(date)s") % {"date": date_format(until, "j F Y")}
    days = sorted(
        {timezone.localtime(as_datetime(v)).date() for v in event.exdates}
        | {timezone.localtime(moment).date() for moment in cancelled}
    )
    if days:
        named = [
            _("le %(date)s")
            % {"date": date_format(day, "j F" if day.year == start.year else "j F Y")}
            for day in days[:EXCEPTIONS_NAMED]
        ]
        if len(days) > EXCEPTIONS_NAMED:
            more = len(days) - EXCEPTIONS_NAMED
            named.append(ngettext("%(n)d autre date", "%(n)d autres dates", more) % {"n": more})
        text += ", " + _("sauf %(dates)s") % {"dates": _and_list(named)}
    return text


def _rule_phrase(event):
    """The rule in words, and its last day (None when it has no end)."""
    if not event.rrule:
        return (_("Dates multiples") if event.rdates else ""), None
    start = timezone.localtime(event.starts_at).date()
    frequency, until = frequency_of(event.rrule, start)
    day = FRENCH_DAYS[WEEKDAYS[start.weekday()]]
    if frequency == Frequency.DAILY:
        text = _("Tous les jours")
    elif frequency == Frequency.WEEKLY:
        text = _("Tous les %(day)ss") % {"day": day}
    elif frequency == Frequency.BIWEEKLY:
        text = _("Un %(day)s sur deux") % {"day": day}
    elif frequency == Frequency.MONTHLY_WEEKDAY:
        position = nth_weekday(start)[:-2]
        if position == "-1":
            text = _("Le dernier %(day)s de chaque mois") % {"day": day}
        elif position == "1":
            text = _("Le premier %(day)s de chaque mois") % {"day": day}
        else:
            text = _("Le %(n)se %(day)s de chaque mois") % {"n": position, "day": day}
    elif frequency == Frequency.MONTHLY_DAY:
        text = _("Le %(n)s de chaque mois") % {"n": start.day}
    elif frequency == Frequency.YEARLY:
        text = _("Chaque année le %(date)s") % {"date": date_format(start, "j F")}
    else:
        return _describe_custom(event.rrule), None
    return text, until


def _describe_custom(rrule):
    recur = vRecur.from_ical(rrule)
    frequency = recur["FREQ"][0]
    interval = int((recur.get("INTERVAL") or [1])[0])
    units = {
        "DAILY": ngettext("Tous les jours", "Tous les %(n)d jours", interval),
        "WEEKLY": ngettext("Toutes les semaines", "Toutes les %(n)d semaines", interval),
        "MONTHLY": ngettext("Tous les mois", "Tous les %(n)d mois", interval),
        "YEARLY": ngettext("Tous les ans", "Tous les %(n)d ans", interval),
    }
    return units[frequency] % {"n": interval}


def parse_dates(text):
    """Dates typed one per line as 31/12/2026 or 2026-12-31, for the exceptions field."""
    found = []
    for line in (text or "").replace(",", "\n").splitlines():
        line = line.strip()
        if not line:
            continue
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"):
            try:
                found.append(datetime.strptime(line, pattern).date())
                break
            except ValueError:
                continue
        else:
            raise RecurrenceError(
                _("« %(value)s » n'est pas une date : écrivez-la comme 14/07/2026.")
                % {"value": line}
            )
    return found


def exdates_for_dates(days, *, starts_at):
    """The instance starts to exclude for a list of local dates (same time as the first)."""
    local_start = timezone.localtime(starts_at)
    values = []
    for day in days:
        moment = timezone.make_aware(datetime.combine(day, local_start.time()))
        values.append(moment.isoformat())
    return sorted(set(values))


def local_dates(values):
    return [timezone.localtime(as_datetime(v)).date() for v in values]
