"""Reading iCalendar files from elsewhere (Google, Nextcloud, Outlook…) into plain values.

Nothing here touches the database: `read_calendar(data)` returns the events it could read and
an `ImportReport` saying, in French, what it refused and why. Times are converted to
Europe/Paris; floating times (no timezone) are taken as Paris time, and the report says so.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agenda.recurrence import RecurrenceError, count_instances, normalize_rrule
from agenda.services.reports import ImportReport
from agenda.text import sanitize_description

MAX_BYTES = 10 * 1024 * 1024
# C0 control characters but tab, line feed and carriage return: iCalendar text may not hold
# them, and PostgreSQL refuses NUL in a text column.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
VEVENT_LINE = re.compile(r"^BEGIN:VEVENT[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
CANCELLED_PREFIXES = ("Annulé : ", "Annulé: ", "ANNULÉ : ", "[Annulé] ")


@dataclass
class ParsedEvent:
    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    rrule: str = ""
    exdates: list = field(default_factory=list)
    rdates: list = field(default_factory=list)
    description: str = ""
    location: str = ""
    url: str = ""
    categories: list = field(default_factory=list)
    cancelled: bool = False

    def fingerprint(self):
        values = {
            "title": self.title,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "all_day": self.all_day,
            "rrule": self.rrule,
            "exdates": sorted(self.exdates),
            "rdates": sorted(self.rdates),
            "description": self.description,
            "location": self.location,
            "url": self.url,
            "categories": self.categories,
            "cancelled": self.cancelled,
        }
        return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()

    def last_end(self):
        """When the event is over for good (None: a rule with no end)."""
        if not self.rrule:
            ends = [self.ends_at]
            ends += [
                datetime.fromisoformat(v) + (self.ends_at - self.starts_at) for v in self.rdates
            ]
            return max(ends)
        recur = icalendar.vRecur.from_ical(self.rrule)
        if recur.get("UNTIL"):
            return recur["UNTIL"][0] + (self.ends_at - self.starts_at)
        return None


class _Refused(Exception):
    pass


def decode(data):
    """Text from bytes: UTF-8 (with or without BOM), else Windows-1252 as Outlook may send."""
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), True


def read_calendar(data, *, now=None):
    """(parsed events, report). A report with `error` set means nothing may be imported."""
    report = ImportReport()
    now = now or timezone.now()
    if len(data) > MAX_BYTES:
        report.error = _(
            "le fichier pèse plus de %(max)d Mo. Exportez une période plus courte."
        ) % {"max": MAX_BYTES // (1024 * 1024)}
        return [], report
    lines = max(data.count(b"\n"), data.count(b"\r"))
    if lines > max_lines():
        report.error = _(
            "le fichier compte %(count)s lignes ; au-delà de %(max)s, l'import est refusé. "
            "Exportez une période plus courte ou un calendrier plus ciblé."
        ) % {"count": number(lines), "max": number(max_lines())}
        return [], report
    text, legacy = decode(data)
    text, controls = CONTROL_CHARACTERS.subn("", text)
    if controls:
        report.note(
            _(
                "Le fichier contenait des caractères de contrôle invisibles (comme l'octet nul) : "
                "ils ont été retirés des textes des événements."
            )
        )
    stripped = text.lstrip()
    if not stripped:
        report.error = _("le fichier est vide.")
        return [], report
    if stripped[:1] == "<":
        report.error = _(
            "ce document est une page web (HTML), pas un calendrier iCalendar. Vérifiez "
            "l'adresse : elle se termine souvent par .ics."
        )
        return [], report
    if not stripped.upper().startswith("BEGIN:VCALENDAR"):
        report.error = _(
            "ce fichier n'est pas un calendrier iCalendar (.ics) : il devrait commencer par "
            "BEGIN:VCALENDAR."
        )
        return [], report
    if legacy:
        report.note(_("Le fichier n'était pas en UTF-8 : il a été lu en Windows-1252."))
    # Counted on the text, before icalendar builds a component per event.
    count = len(VEVENT_LINE.findall(stripped))
    if count > max_events():
        report.error = _(
            "le calendrier compte %(count)s événements ; au-delà de %(max)s, l'import est "
            "refusé. Exportez une période plus courte ou un calendrier plus ciblé."
        ) % {"count": number(count), "max": number(max_events())}
        return [], report
    try:
        calendars = icalendar.Calendar.from_ical(stripped, multiple=True)
    except Exception as error:
        report.error = _(
            "le fichier iCalendar est mal formé et n'a pas pu être lu (%(detail)s)."
        ) % {"detail": str(error)[:200]}
        return [], report
    if "END:VCALENDAR" not in stripped.upper():
        report.error = _(
            "le fichier est incomplet (il manque la fin du calendrier, END:VCALENDAR) : il a "
            "peut-être été coupé pendant le téléchargement."
        )
        return [], report
    if not calendars:
        report.error = _("le fichier iCalendar est mal formé : aucun calendrier n'a pu y être lu.")
        return [], report
    components = [c for calendar in calendars for c in calendar.walk("VEVENT")]
    known_tzids = {
        str(tz.get("TZID")) for calendar in calendars for tz in calendar.walk("VTIMEZONE")
    }
    reader = _Reader(report, known_tzids)
    masters, overrides = {}, []
    for component in components:
        label = _label(component)
        try:
            parsed = reader.read(component)
        except _Refused as refusal:
            report.refuse(label, str(refusal))
            continue
        except Exception:
            report.refuse(label, _("il est illisible."))
            continue
        if component.get("RECURRENCE-ID") is not None:
            overrides.append((component, parsed))
            continue
        previous = masters.get(parsed.uid)
        if previous is not None:
            report.note(
                _("Le fichier contient deux fois l'événement « %(title)s » : le dernier est gardé.")
                % {"title": parsed.title}
            )
        masters[parsed.uid] = parsed
    events = list(masters.values()) + reader.apply_overrides(masters, overrides)
    reader.finish()
    upcoming = []
    for event in events:
        last_end = event.last_end()
        if last_end is not None and last_end < now:
            report.skipped_past += 1
        else:
            upcoming.append(event)
    if _occurrences_beyond_cap(upcoming):
        report.error = _(
            "les événements de ce calendrier donneraient plus de %(max)s dates dans l'agenda "
            "sur les 18 prochains mois ; au-delà, l'import est refusé. Donnez une date de fin "
            "aux événements qui se répètent (tous les jours, par exemple) ou exportez un "
            "calendrier plus ciblé."
        ) % {"max": number(max_occurrences())}
        return [], report
    return upcoming, report


def max_lines():
    return settings.AGENDA_IMPORT_MAX_LINES


def max_events():
    return settings.AGENDA_IMPORT_MAX_EVENTS


def max_occurrences():
    return settings.AGENDA_IMPORT_MAX_OCCURRENCES


def number(value):
    """« 200 000 »: thousands grouped the French way, with a no-break space."""
    return f"{value:,}".replace(",", "\u00a0")


def _occurrences_beyond_cap(events):
    """Whether the events' occurrences, as the import would write them, exceed the cap.

    Counted lazily and stopped at the cap: a rule with no end never expands in full."""
    left = max_occurrences()
    for event in events:
        left -= count_instances(
            starts_at=event.starts_at,
            rrule=event.rrule,
            exdates=event.exdates,
            rdates=event.rdates,
            limit=left,
        )
        if left < 0:
            return True
    return False


def _label(component):
    summary = component.get("SUMMARY")
    if summary:
        return str(summary)[:200]
    uid = component.get("UID")
    return str(uid) if uid else _("(événement sans titre)")


class _Reader:
    def __init__(self, report, known_tzids):
        self.report = report
        self.known_tzids = known_tzids
        self.floating = 0
        self.other_zone = 0

    def finish(self):
        if self.floating:
            self.report.note(
                ngettext(
                    "%(n)d événement n'indique pas de fuseau horaire : ses heures ont été "
                    "comprises comme l'heure de Paris.",
                    "%(n)d événements n'indiquent pas de fuseau horaire : leurs heures ont été "
                    "comprises comme l'heure de Paris.",
                    self.floating,
                )
                % {"n": self.floating}
            )

    def read(self, component):
        self._floating_here = False
        parsed = self._read(component)
        if self._floating_here:
            self.floating += 1
        return parsed

    def _read(self, component):
        title = str(component.get("SUMMARY") or "").strip()
        if not title:
            raise _Refused(_("il n'a pas de titre (SUMMARY)."))
        cancelled = str(component.get("STATUS") or "").upper() == "CANCELLED"
        if cancelled:
            for prefix in CANCELLED_PREFIXES:
                if title.startswith(prefix):
                    title = title[len(prefix) :].strip()
        if str(component.get("CLASS") or "PUBLIC").upper() in ("PRIVATE", "CONFIDENTIAL"):
            raise _Refused(_("il est marqué privé dans le calendrier d'origine."))
        start_prop = component.get("DTSTART")
        if start_prop is None:
            raise _Refused(_("il n'a pas de date de début (DTSTART)."))
        start_value = self.moment(component, "DTSTART", _("date de début"))
        all_day = not isinstance(start_value, datetime)
        starts_at = self.aware(start_value, start_prop)
        if component.get("DTEND") is not None:
            end_value = self.moment(component, "DTEND", _("date de fin"))
            ends_at = self.aware(end_value, component["DTEND"])
        elif component.get("DURATION") is not None:
            try:
                duration = component.decoded("DURATION")
            except Exception:
                raise _Refused(_("sa durée (DURATION) est illisible.")) from None
            ends_at = self.add(starts_at, duration)
        else:
            # RFC 5545: a date lasts one day; a date-time has no duration.
            ends_at = self.add(starts_at, timedelta(days=1)) if all_day else starts_at
        if ends_at < starts_at:
            raise _Refused(_("il se termine avant d'avoir commencé."))
        uid = str(component.get("UID") or "").strip()
        if not uid:
            digest = hashlib.sha1(f"{title}|{starts_at.isoformat()}".encode()).hexdigest()
            uid = f"{digest}@import.parvis"
            self.report.note(
                _(
                    "Des événements n'ont pas d'identifiant (UID) : ils sont reconnus à leur "
                    "titre et leur date de début."
                )
            )
        if len(uid) > 240:
            raise _Refused(_("son identifiant (UID) dépasse 240 caractères."))
        parsed = ParsedEvent(
            uid=uid,
            title=title[:200],
            starts_at=starts_at,
            ends_at=ends_at,
            all_day=all_day,
            cancelled=cancelled,
            description=sanitize_description(str(component.get("DESCRIPTION") or "")),
            location=str(component.get("LOCATION") or "").strip()[:500],
            url=self.web_address(component.get("URL")),
            categories=self.categories(component),
        )
        rules = component.get("RRULE")
        if rules is not None:
            if isinstance(rules, list):
                if len(rules) > 1:
                    self.report.note(
                        _(
                            "« %(title)s » a plusieurs règles de récurrence : seule la première "
                            "est gardée."
                        )
                        % {"title": title}
                    )
                rules = rules[0]
            try:
                parsed.rrule = normalize_rrule(rules.to_ical().decode())
            except RecurrenceError as error:
                raise _Refused(str(error)) from None
        parsed.exdates = self.date_list(component, "EXDATE", all_day)
        parsed.rdates = self.date_list(component, "RDATE", all_day)
        return parsed

    def moment(self, component, name, what):
        try:
            return component[name].dt
        except Exception:
            raise _Refused(_("sa %(what)s est illisible.") % {"what": what}) from None

    def aware(self, value, prop):
        """Europe/Paris time for a date, a zoned, a UTC or a floating date-time."""
        if not isinstance(value, datetime):
            return timezone.make_aware(datetime.combine(value, time()))
        if timezone.is_aware(value):
            return timezone.localtime(value)
        tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
        if tzid:
            raise _Refused(
                _(
                    "son fuseau horaire « %(tzid)s » est inconnu : il n'est ni décrit dans le "
                    "fichier (VTIMEZONE) ni un fuseau reconnu comme Europe/Paris."
                )
                % {"tzid": tzid}
            )
        self._floating_here = True
        return timezone.make_aware(value)

    def add(self, start, duration):
        end = start + duration
        return timezone.localtime(end)

    def date_list(self, component, name, all_day):
        props = component.get(name)
        if props is None:
            return []
        if not isinstance(props, list):
            props = [props]
        values = []
        for prop in props:
            for item in getattr(prop, "dts", []):
                try:
                    moment = item.dt
                except Exception:
                    raise _Refused(
                        _("une de ses dates %(name)s est illisible.") % {"name": name}
                    ) from None
                if isinstance(moment, tuple):  # an RDATE period: its start
                    moment = moment[0]
                if not isinstance(moment, datetime):
                    moment = datetime.combine(moment, time())
                if timezone.is_naive(moment):
                    tzid = prop.params.get("TZID")
                    if tzid and tzid not in self.known_tzids:
                        raise _Refused(
                            _("le fuseau horaire « %(tzid)s » de ses dates %(name)s est inconnu.")
                            % {"tzid": tzid, "name": name}
                        )
                    moment = timezone.make_aware(moment)
                values.append(timezone.localtime(moment).isoformat())
        return sorted(set(values))

    def web_address(self, value):
        text = str(value or "").strip()
        parts = urlsplit(text)
        if parts.scheme in ("http", "https") and parts.netloc and len(text) <= 500:
            return text
        return ""

    def categories(self, component):
        found = []
        props = component.get("CATEGORIES")
        if props is None:
            return found
        if not isinstance(props, list):
            props = [props]
        for prop in props:
            for category in getattr(prop, "cats", [prop]):
                name = str(category).strip()
                if name and name not in found:
                    found.append(name)
        return found

    def apply_overrides(self, masters, overrides):
        """Moved or cancelled instances of a recurring event (RECURRENCE-ID).

        The instance leaves its series (an EXDATE on the master) and, unless cancelled, becomes
        an event of its own, with a UID derived from the series' and the instance's date.
        """
        extra = []
        for component, parsed in overrides:
            recurrence_id = component["RECURRENCE-ID"]
            try:
                original = self.aware(recurrence_id.dt, recurrence_id)
            except Exception:
                self.report.refuse(
                    parsed.title, _("sa date d'origine (RECURRENCE-ID) est illisible.")
                )
                continue
            master = masters.get(parsed.uid)
            if master is not None:
                master.exdates = sorted({*master.exdates, original.isoformat()})
            if parsed.cancelled:
                continue
            parsed.uid = f"{parsed.uid}#{_compact(original)}"
            parsed.rrule = ""
            extra.append(parsed)
        return extra


def _compact(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
