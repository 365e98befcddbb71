"""No script from people ever runs in a page, a feed or JSON-LD: the corpus of
xss_payloads.txt goes through every field that others see.

The payloads are sent in chunks of 50: each chunk makes one group, discussion, reply, profile
version and event (by the form) and one imported event, its long fields (descriptions, bodies,
bio) holding the whole chunk and its short ones (names, titles, places) as many payloads as fit.
News are written by staff in Wagtail's admin, not by people: they are not in the corpus's path.
"""

import json
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest
from django.utils import timezone

from agenda.models import Event, EventCategory
from agenda.services.imports import create_source, import_calendar
from civic.dialogue.models.discussions import Discussion
from civic.dialogue.models.groups import CivicGroup, Theme
from civic.dialogue.services import discussions
from civic.people.models import Profile
from civic.people.services import decide_verification, request_verification, update_profile

PAYLOADS = (Path(__file__).parent / "xss_payloads.txt").read_text(encoding="utf-8").split("\n")[1:]
PAYLOADS = [payload for payload in PAYLOADS if payload]
CHUNK = 50
CHUNKS = [PAYLOADS[i : i + CHUNK] for i in range(0, len(PAYLOADS), CHUNK)]
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "background",
    "poster",
}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "svg", "math", "style", "frame", "frameset"}


def pack(payloads, limit):
    """The payloads joined by spaces in pieces of at most `limit` characters (longer ones cut)."""
    pieces, current = [], ""
    for payload in payloads:
        payload = payload[:limit]
        if current and len(current) + 1 + len(payload) > limit:
            pieces.append(current)
            current = payload
        else:
            current = f"{current} {payload}" if current else payload
    return [*pieces, current] if current else pieces


def body(chunk):
    return "\n\n".join(chunk)


class LiveScript(HTMLParser):
    """What would run in a browser: scripts other than the portal's own, event handlers,
    javascript: and similar URLs, embedding tags; JSON-LD that is not JSON."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.json_ld = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            compact = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and compact.startswith(("javascript:", "vbscript:", "data:")):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and ("expression(" in compact or "javascript:" in compact):
                self.problems.append(f"<{tag} style={value!r}>")
        # The portal's own decorative icons (the header's bell) are SVG hidden from assistive
        # technologies; a payload's SVG would need a handler or a script, caught above and below.
        own_icon = tag == "svg" and attributes.get("aria-hidden") == "true"
        if tag in FORBIDDEN_TAGS and not own_icon:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and attributes.get("http-equiv"):
            self.problems.append(f"<meta http-equiv={attributes['http-equiv']!r}>")
        if tag == "script":
            if attributes.get("type") == "application/ld+json":
                self._script = []
            elif (attributes.get("src") or "").startswith("/static/"):
                self._script = None
            else:
                self.problems.append(f"<script {attributes!r}>")

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            text = "".join(self._script)
            self._script = None
            try:
                self.json_ld.append(json.loads(text))
            except ValueError:
                self.problems.append(f"JSON-LD broken: {text[:80]!r}")


def assert_no_live_script(response):
    assert response.status_code == 200, (response.status_code, response.request["PATH_INFO"])
    inspector = LiveScript()
    inspector.feed(response.content.decode())
    inspector.close()
    assert inspector.problems == [], response.request["PATH_INFO"]
    return inspector


def test_the_corpus_holds_at_least_500_distinct_payloads():
    assert len(PAYLOADS) >= 500
    assert len(set(PAYLOADS)) == len(PAYLOADS)


@pytest.fixture
def quiet(settings, uncached_pages):
    settings.CIVIC_POST_RATE = ""
    settings.CIVIC_FIRST_POSTS_NEED_APPROVAL = 0


def test_groups_discussions_and_replies_show_no_live_script(client, quiet, member, animator, creil):
    theme = Theme.objects.get(slug="mobilite")
    pages = {"/groupes/", "/annuaire/?kind=groupes", "/recherche/?q=alert", "/consultations/"}
    for number, chunk in enumerate(CHUNKS):
        client.force_login(member)
        name = f"{number} " + pack(chunk, 110)[0]
        response = client.post(
            "/groupes/nouveau/",
            {
                "name": name,
                "description": body(chunk)[:4000],
                "rules": body(reversed(chunk))[:4000],
                "theme": theme.pk,
                "territory": creil.pk,
                "join_policy": "open",
            },
        )
        assert response.status_code == 302, number
        group = CivicGroup.objects.get(name=name)
        title = pack(chunk[::-1], 200)[0]
        client.post(
            f"/groupes/{group.slug}/nouvelle-discussion/", {"title": title, "body": body(chunk)}
        )
        discussion = Discussion.objects.get(group=group)
        client.force_login(animator)
        client.post(f"/groupes/{group.slug}/rejoindre/")
        client.post(f"/discussions/{discussion.pk}/repondre/", {"body": body(chunk[::-1])})
        assert discussion.posts.count() == 2
        pages |= {group.get_absolute_url(), discussion.get_absolute_url()}
    client.logout()
    for url in sorted(pages):
        assert_no_live_script(client.get(url))


def test_profiles_show_no_live_script(client, quiet, member, moderator, creil, group):
    request_verification(
        profile=member.profile,
        kind=Profile.Kind.ELECTED,
        identity={"office": "maire", "mandate_territory": creil, "mandate_start": "2020-07-04"},
    )
    decide_verification(profile=member.profile, moderator=moderator, approve=True, reason="")
    member.refresh_from_db()
    thread = discussions.start_discussion(user=member, group=group, title="Bonjour", body="Salut")
    client.force_login(member)
    for number, chunk in enumerate(CHUNKS):
        names = pack(chunk, 99)
        data = {
            "first_name": names[0],
            "last_name": names[1] if len(names) > 1 else "Nom",
            "home_commune": "Creil (60100)",
            "bio": pack(chunk[::-1], 1000)[0],
            "links": "",
        }
        # Markup is no name: the form refuses it (civic.common.fields.PersonNameField)…
        response = client.post("/mon-compte/profil/", data)
        assert response.status_code == 200, number
        assert "ne ressemble pas à un nom" in response.content.decode(), number
        assert_no_live_script(response)
        response = client.post(
            "/mon-compte/profil/", {**data, "first_name": "Jean", "last_name": "Nom"}
        )
        assert response.status_code == 302, number
        # …and names saved before the rule (or by staff) are still shown escaped.
        member.refresh_from_db()
        update_profile(
            profile=member.profile, first_name=data["first_name"], last_name=data["last_name"]
        )
        for url in (f"/profils/{member.profile.pk}/", thread.get_absolute_url()):
            assert_no_live_script(client.get(url))
    assert_no_live_script(client.get("/annuaire/"))


def _event_form(chunk):
    day = timezone.localdate() + timedelta(days=12)
    places = pack(chunk[::-1], 200)
    return {
        "title": pack(chunk, 200)[0],
        "category": EventCategory.objects.get(slug="concert").pk,
        "description": body(chunk),
        "start_date": f"{day:%Y-%m-%d}",
        "start_time": "20:30",
        "end_time": "22:00",
        "venue_name": places[0],
        "venue_address": places[1][:300] if len(places) > 1 else "Place",
        "commune": "Creil (60100)",
        "is_free": "",
        "price": pack(chunk, 200)[-1],
        "accessibility_notes": pack(chunk[::-1], 500)[0],
        "submit": "",
    }


def _calendar(chunks):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Parvis tests//XSS//FR")
    calendar.add("version", "2.0")
    start = timezone.now().replace(microsecond=0) + timedelta(days=20)
    for number, chunk in enumerate(chunks):
        event = icalendar.Event()
        event.add("uid", f"xss-{number}@tests.parvis")
        event.add("summary", pack(chunk, 200)[0])
        event.add("description", body(chunk))
        event.add("location", pack(chunk[::-1], 200)[0] + ", 60100 Creil")
        event.add("url", chunk[number % len(chunk)] if number % 2 else "javascript:alert(1)")
        event.add("dtstart", start + timedelta(days=number))
        event.add("dtend", start + timedelta(days=number, hours=2))
        event.add("dtstamp", start)
        calendar.add_component(event)
    return calendar.to_ical()


def assert_harmless_feed(response, expected):
    """The feed parses, holds exactly the expected events (no payload added one) and offers
    no script address as an event's link."""
    assert response.status_code == 200, response.content[:300]
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == expected
    for event in events:
        for name in ("URL", "X-ALT-DESC"):
            value = str(event.get(name, ""))
            assert not value.lower().startswith(("javascript:", "vbscript:", "data:")), value


def test_events_proposed_and_imported_show_no_live_script_in_pages_feeds_and_json_ld(
    client, quiet, association
):
    client.force_login(association)
    for number, chunk in enumerate(CHUNKS):
        response = client.post("/agenda/proposer/", _event_form(chunk))
        assert response.status_code == 302, number
    source = create_source(owner=association, name="Agenda importé")
    report = import_calendar(source=source, data=_calendar(CHUNKS))
    assert not report.failed, report.summary()
    events = list(Event.objects.public())
    assert len(events) == 2 * len(CHUNKS)
    client.logout()
    for event in events:
        inspector = assert_no_live_script(client.get(event.get_absolute_url()))
        assert inspector.json_ld, event.get_absolute_url()
        assert_harmless_feed(client.get(event.get_absolute_url().rstrip("/") + ".ics"), 1)
    for url in ("/agenda/", "/agenda/?vue=mois", "/recherche/?q=alert&type=agenda"):
        assert_no_live_script(client.get(url))
    assert_harmless_feed(client.get("/agenda/ical/"), len(events))
    organiser_feed = f"/agenda/organisateurs/{association.profile.pk}.ics"
    assert_harmless_feed(client.get(organiser_feed), len(events))


def test_the_inspector_sees_the_payloads_when_they_are_left_raw():
    inspector = LiveScript()
    inspector.feed("<div>" + body(PAYLOADS[:200]) + "</div>")
    assert len(inspector.problems) > 100
    broken = LiveScript()
    broken.feed(
        '<script type="application/ld+json">{"name": "</script><script>alert(1)</script>"}</script>'
    )
    assert broken.problems
