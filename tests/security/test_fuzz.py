"""A bounded fuzzer: whatever anyone types in a public filter or a signed-in form, the portal
answers below 500.

Each test starts from valid values and replaces some of them with hostile text: NUL and control
characters, any unicode but surrogates, very long strings, quotes, SQL and HTML metacharacters,
dates at the calendar's ends, numbers too big for a column. CI runs the `ci` profile; `make fuzz`
runs the long one (HYPOTHESIS_PROFILE=fuzz).
"""

import os
import time
from datetime import timedelta

import pytest
from agenda_factories import event_form_data
from django.test import Client
from django.utils import timezone
from factories import make_contact_page, signup_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Site

from agenda.forms import EventForm
from agenda.models import Event, EventCategory
from agenda.services.events import create_event
from civic.dialogue.models.groups import Theme
from portal.forms import HONEYPOT_FIELD, STARTED_FIELD, sign_start
from portal.models import NewsIndexPage, NewsPage

# The fixtures (one client, one set of people and content per test) are built once and shared
# by every example of the test: that is the point, hence the suppressed health check.
_COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("ci", max_examples=130, **_COMMON)
settings.register_profile("fuzz", max_examples=3200, **_COMMON)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

HOSTILE = [
    "\x00",
    "a\x00b",
    "'",
    '"',
    '"maison',
    "a\"b'c",
    "\\",
    "%",
    "_",
    "%_%",
    "*",
    "(",
    ")",
    "^",
    ":",
    "-",
    "+",
    "NEAR(a b)",
    "a OR b",
    "' OR 1=1 --",
    "'; DROP TABLE civic_profile; --",
    "/* */",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "//evil.example/",
    "{{7*7}}",
    "{% debug %}",
    "${7*7}",
    "\r\n",
    "\t",
    "\u202e",
    "\ufeff",
    "\U0001d54f",
    "☃",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "99999999999999999999999",
    "9223372036854775808",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "31/12/9999",
    "0001-01",
    "9999-12",
    "groupe-1",
    "groupe-99999999999999999999",
    "conseil",
    "on",
    "true",
    "60000",
    "2A004",
    "Beauvais",
    "Creil (60100)",
    "FREQ=DAILY;COUNT=99999999",
    "FREQ=SECONDLY",
]

# Any unicode but surrogates (they cannot be sent), NUL and other control characters included.
_ANY_CHARACTER = st.characters(blacklist_categories=("Cs",))
TEXT = st.one_of(
    st.text(_ANY_CHARACTER, max_size=40),
    st.sampled_from(HOSTILE),
    st.lists(
        st.one_of(st.sampled_from(HOSTILE), st.text(_ANY_CHARACTER, max_size=8)), max_size=4
    ).map("".join),
    # Very long: one short piece repeated, or thousands of words.
    st.builds(
        lambda part, times: part * times,
        st.text(_ANY_CHARACTER, min_size=1, max_size=4),
        st.integers(1000, 3000),
    ),
    st.integers(200, 2000).map(lambda words: "ab " * words),
)
VALUE = st.one_of(TEXT, TEXT, TEXT, st.lists(TEXT, min_size=1, max_size=3))


def changes(names):
    """Some of the fields `names`, each given hostile text (or several values)."""
    return st.dictionaries(st.sampled_from(names), VALUE, max_size=len(names))


def assert_answers(response):
    assert response.status_code < 500, response.status_code


@pytest.fixture
def quiet(settings, uncached_pages):
    """Every example reaches the view: no rate limit, no approval queue, no page cache."""
    settings.CIVIC_POST_RATE = ""
    settings.CIVIC_FIRST_POSTS_NEED_APPROVAL = 0
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def as_member(client, member):
    """One client per test, logged in once: its examples all post as Marc."""
    client.force_login(member)
    return client


@pytest.fixture
def as_association(client, association):
    client.force_login(association)
    return client


@pytest.fixture
def as_animator(animator):
    other = Client()
    other.force_login(animator)
    return other


@pytest.fixture
def event(association, creil):
    start = timezone.now() + timedelta(days=3)
    return create_event(
        author=association,
        title="Concert de printemps",
        category=EventCategory.objects.get(slug="concert"),
        commune=creil,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )


@pytest.fixture
def news_index(db):
    index = NewsIndexPage(title="Actualités", slug="actualites-fuzz", introduction="Nouvelles.")
    Site.objects.get(is_default_site=True).root_page.add_child(instance=index)
    index.save_revision().publish()
    news = NewsPage(title="La piscine rouvre", summary="Enfin.", date=timezone.localdate())
    index.add_child(instance=news)
    news.tags.add("sport")
    news.save_revision().publish()
    return index


@pytest.fixture
def contact_page(db):
    return make_contact_page(
        Site.objects.get(is_default_site=True).root_page, slug="nous-ecrire-fuzz"
    )


AGENDA_FILTERS = [
    "when",
    "start",
    "end",
    "category",
    "territory",
    "free",
    "access",
    "organisateur",
    "organiser",
    "page",
]


# --- Public filters and searches ----------------------------------------------------------------


@PROFILE
@given(query=changes(["q", "type", "page"]))
def test_the_search_answers_whatever_is_asked(client, quiet, discussion, event, query):
    assert_answers(client.get("/recherche/", query))


@PROFILE
@given(query=changes(["q", "page", "format"]))
def test_the_commune_search_answers_whatever_is_asked(client, quiet, query):
    assert_answers(client.get("/territoires/communes/", query))


@PROFILE
@given(query=changes([*AGENDA_FILTERS, "vue", "mois"]))
def test_the_agenda_answers_whatever_filters_are_asked(client, quiet, event, query):
    assert_answers(client.get("/agenda/", query))


@PROFILE
@given(query=changes(AGENDA_FILTERS), feed=st.sampled_from(["", "organiser", "group"]))
def test_the_agenda_feeds_answer_whatever_filters_are_asked(
    client, quiet, event, association, group, query, feed
):
    path = {
        "": "/agenda/ical/",
        "organiser": f"/agenda/organisateurs/{association.profile.pk}.ics",
        "group": f"/agenda/groupes/{group.pk}.ics",
    }[feed]
    assert_answers(client.get(path, query))


@PROFILE
@given(query=changes(["q", "kind", "theme", "territory", "verified", "page"]))
def test_the_directory_answers_whatever_filters_are_asked(client, quiet, association, query):
    assert_answers(client.get("/annuaire/", query))


@PROFILE
@given(
    query=changes(["q", "theme", "territory", "page"]),
    path=st.sampled_from(["/groupes/", "/consultations/", "/pres-de-chez-moi/"]),
)
def test_the_groups_and_consultations_answer_whatever_filters_are_asked(
    client, quiet, group, query, path
):
    assert_answers(client.get(path, query))


@PROFILE
@given(query=changes(["page", "changer"]), where=st.sampled_from(["group", "discussion"]))
def test_a_group_and_a_discussion_answer_whatever_page_is_asked(
    client, quiet, discussion, query, where
):
    path = (discussion.group if where == "group" else discussion).get_absolute_url()
    assert_answers(client.get(path, query))


@PROFILE
@given(query=changes(["theme", "page"]), feed=st.sampled_from(["", "flux/rss/", "flux/atom/"]))
def test_the_news_and_their_feeds_answer_whatever_is_asked(client, quiet, news_index, query, feed):
    assert_answers(client.get(news_index.url + feed, query))


# --- Signed-in forms (and the sign-up) ----------------------------------------------------------


PROFILE_FIELDS = {
    "first_name": "Marc",
    "last_name": "Membre",
    "home_commune": "Creil (60100)",
    "bio": "Cycliste.",
    "links": "https://velo.example.fr",
    "hide_from_directory": "",
}


@PROFILE
@given(data=changes(list(PROFILE_FIELDS)))
def test_the_profile_form_answers_whatever_is_typed(as_member, quiet, data):
    assert_answers(as_member.post("/mon-compte/profil/", {**PROFILE_FIELDS, **data}))


@PROFILE
@given(data=changes(list(signup_data())))
def test_the_signup_form_answers_whatever_is_typed(client, quiet, data):
    client.logout()
    assert_answers(client.post("/compte/signup/", signup_data(**data)))


@PROFILE
@given(data=changes(["title", "body"]), reply=st.text(_ANY_CHARACTER, max_size=200) | TEXT)
def test_a_new_discussion_and_a_reply_answer_whatever_is_typed(
    as_member, quiet, group, discussion, data, reply
):
    new = {"title": "Un parking à vélos ?", "body": "Devant la gare.", **data}
    assert_answers(as_member.post(f"/groupes/{group.slug}/nouvelle-discussion/", new))
    assert_answers(as_member.post(f"/discussions/{discussion.pk}/repondre/", {"body": reply}))


@PROFILE
@given(
    report=changes(["reason", "text"]),
    edit=changes(["title", "body"]),
)
def test_reporting_and_editing_a_message_answer_whatever_is_typed(
    as_member, as_animator, quiet, discussion, report, edit
):
    opening = discussion.posts.get(is_opening=True)
    typed = {"reason": "spam", **report}
    assert_answers(as_animator.post(f"/messages/{opening.pk}/signaler/", typed))
    valid = {"title": discussion.title, "body": "La rue est dangereuse."}
    assert_answers(as_member.post(f"/messages/{opening.pk}/modifier/", {**valid, **edit}))


VERIFICATION_FIELDS = {
    "association": {
        "organisation_name": "Les Amis du Marais",
        "rna": "W601000123",
        "siren": "",
        "purpose": "Protéger le marais.",
        "website": "https://marais.example.fr",
        "action_territory": "",
    },
    "elu": {"office": "maire", "mandate_territory": "", "mandate_start": "2020-07-04"},
}


@PROFILE
@given(kind=st.sampled_from(sorted(VERIFICATION_FIELDS)), data=st.data())
def test_the_verification_requests_answer_whatever_is_typed(as_member, quiet, kind, data):
    valid = VERIFICATION_FIELDS[kind]
    typed = data.draw(changes([*valid, "political_group"]))
    assert_answers(as_member.post(f"/mon-compte/verification/{kind}/", {**valid, **typed}))


GROUP_FIELDS = ["name", "description", "rules", "theme", "territory", "join_policy"]


@PROFILE
@given(data=changes(GROUP_FIELDS))
def test_the_group_form_answers_whatever_is_typed(as_member, quiet, creil, data):
    valid = {
        "name": "Jardins partagés",
        "description": "Cultiver ensemble.",
        "rules": "",
        "theme": Theme.objects.get(slug="mobilite").pk,
        "territory": creil.pk,
        "join_policy": "open",
    }
    assert_answers(as_member.post("/groupes/nouveau/", {**valid, **data}))


# Every field a member types in (the organiser's choice, the check boxes of accessibility and the
# image apart), and the button that keeps a draft.
EVENT_FIELDS = [
    name
    for name in EventForm.field_order
    if name
    not in {
        "organiser_kind",
        "image_file",
        "image_alt",
        "remove_image",
        *Event.ACCESSIBILITY_FIELDS,
    }
]


@PROFILE
@given(data=changes([*EVENT_FIELDS, "draft"]))
def test_the_event_form_answers_whatever_is_typed(as_association, quiet, data):
    assert_answers(as_association.post("/agenda/proposer/", event_form_data(**data)))


@PROFILE
@given(
    data=changes(
        [
            "abonnement-name",
            "abonnement-default_commune",
            "abonnement-default_category",
            "abonnement-organiser_kind",
        ]
    )
)
def test_the_import_form_answers_whatever_is_typed(as_association, quiet, data):
    # The address is never one, so that nothing is fetched: every other field is still checked.
    form = {"abonnement-url": "pas une adresse", "abonnement-name": "Agenda", **data}
    assert_answers(as_association.post("/agenda/importer/", form))


@PROFILE
@given(data=changes(["commune"]))
def test_the_commune_choice_near_me_answers_whatever_is_typed(client, quiet, data):
    assert_answers(client.post("/pres-de-chez-moi/", data))


@PROFILE
@given(
    data=changes(["votre_nom", "votre_courriel", "votre_message", HONEYPOT_FIELD, STARTED_FIELD])
)
def test_the_contact_form_answers_whatever_is_typed(client, quiet, contact_page, data):
    valid = {
        "votre_nom": "Camille Durand",
        "votre_courriel": "camille@exemple.fr",
        "votre_message": "Quand rouvre la piscine ?",
        STARTED_FIELD: sign_start(time.time() - 30),
        HONEYPOT_FIELD: "",
    }
    assert_answers(client.post(contact_page.url, {**valid, **data}))
