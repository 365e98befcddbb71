"""Security headers: every URL of the portal, served over HTTPS with the production settings,
scores A+ (100 or more) on Mozilla HTTP Observatory's scale, and public pages carry nothing inline
that their Content-Security-Policy would have to allow.

`observatory_score` follows the published scoring of the MDN HTTP Observatory
(https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring): a baseline of 100,
penalties first, then bonuses if the score is still 90 or more. Its redirection test looks at the
site rather than at one response, and is left out: production redirects to HTTPS
(SECURE_SSL_REDIRECT), which the test client, asking for HTTPS itself, never meets.
"""

import re
from html.parser import HTMLParser
from http.cookies import SimpleCookie

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.views.defaults import server_error
from django_permissions_policy.decorators import permissions_policy_override
from factories import make_member
from wagtail.documents import get_document_model
from wagtail.models import Page

from agenda.models import Event
from civic.dialogue.models.discussions import Discussion, Post
from civic.dialogue.models.groups import CivicGroup, Membership
from civic.people.models import Profile
from portal.models import StandardPage

SIX_MONTHS = 15768000
BROAD_SOURCES = {
    "ftp:",
    "http:",
    "https:",
    "*",
    "http://*",
    "http://*.*",
    "https://*",
    "https://*.*",
}
UNSAFE_INLINE_SOURCES = {"'unsafe-inline'", "data:"}
PRIVATE_REFERRERS = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
UNSAFE_REFERRERS = {
    "origin",
    "origin-when-cross-origin",
    "unsafe-url",
    "no-referrer-when-downgrade",
}
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def parse_csp(header):
    """{directive: set of sources} of a Content-Security-Policy; the first of a repeated one."""
    directives = {}
    for policy in header.split(","):
        for directive in policy.split(";"):
            words = directive.strip().lower().split()
            if words and words[0] not in directives:
                directives[words[0]] = set(words[1:])
    return directives


def csp_modifier(response):
    header = response.headers.get("Content-Security-Policy")
    if not header:
        return -25
    csp = parse_csp(header)
    default = csp.get("default-src")
    script = set(csp.get("script-src", default) or {"*"})
    style = set(csp.get("style-src", default) or {"*"})
    objects = csp.get("object-src", default) or {"*"}
    for sources in (script, style):
        if any(source.startswith(("'nonce-", "'sha")) for source in sources):
            sources.discard("'unsafe-inline'")
    active = [s for d, sources in csp.items() if d not in ("img-src", "media-src") for s in sources]
    passive = [s for d in ("img-src", "media-src") for s in csp.get(d, default) or ()]
    if script & (BROAD_SOURCES | UNSAFE_INLINE_SOURCES) or objects & BROAD_SOURCES:
        return -20
    if any(source.startswith(("http:", "ftp:")) for source in active):
        return -20
    if "'unsafe-eval'" in script | style:
        return -10
    if any(source.startswith(("http:", "ftp:")) for source in passive):
        return -10
    if style & (BROAD_SOURCES | UNSAFE_INLINE_SOURCES):
        return 0
    return 10 if default == {"'none'"} else 5


def hsts_max_age(response):
    """max-age of Strict-Transport-Security; None if it is missing or cannot be read."""
    match = re.search(
        r"max-age\s*=\s*\"?(\d+)", response.headers.get("Strict-Transport-Security", "")
    )
    return int(match.group(1)) if match else None


def hsts_modifier(response):
    max_age = hsts_max_age(response)
    if max_age is None:
        return -20
    return 0 if max_age >= SIX_MONTHS else -10


def cookies_modifier(response):
    jar = SimpleCookie()
    for name, value in response.headers.items():
        if name.lower() == "set-cookie":
            jar.load(value)
    for morsel in response.cookies.values():
        jar[morsel.key] = morsel
    # A cookie set to expire at once is a deletion: the browser keeps nothing.
    cookies = [m for m in jar.values() if str(m["max-age"]) != "0" and "1970" not in m["expires"]]
    if not cookies:
        return 0
    protected_by_hsts = (hsts_max_age(response) or 0) >= SIX_MONTHS
    # From the mildest to the worst, as the Observatory ranks them; the worst found counts.
    ranking = [-5, -20, -10, -20, -20, -30, -40]
    found = []
    for morsel in cookies:
        name = morsel.key.lower()
        session = "login" in name or "sess" in name
        samesite = str(morsel["samesite"]).lower()
        if samesite and samesite not in ("lax", "strict", "none"):
            found.append(3)
        if not morsel["secure"]:
            found.append(0 if protected_by_hsts else 1)
            if samesite == "none":
                found.append(3)
        if "csrf" in name and not samesite:
            found.append(4)
        if session and not morsel["secure"]:
            found.append(2 if protected_by_hsts else 6)
        if session and not morsel["httponly"]:
            found.append(5)
    if found:
        return ranking[max(found)]
    return 5 if all(morsel["samesite"] for morsel in cookies) else 0


def x_content_type_options_modifier(response):
    return (
        0 if response.headers.get("X-Content-Type-Options", "").strip().lower() == "nosniff" else -5
    )


def frame_modifier(response):
    ancestors = parse_csp(response.headers.get("Content-Security-Policy", "")).get(
        "frame-ancestors"
    )
    if ancestors and not ancestors & BROAD_SOURCES:
        return 5
    value = response.headers.get("X-Frame-Options", "").strip().lower()
    return 0 if value in ("deny", "sameorigin") or value.startswith("allow-from") else -20


def referrer_modifier(response):
    header = response.headers.get("Referrer-Policy")
    if header is None:
        return 0
    known = [
        v.strip().lower()
        for v in header.split(",")
        if v.strip().lower() in PRIVATE_REFERRERS | UNSAFE_REFERRERS
    ]
    if not known:
        return -5
    return 5 if known[-1] in PRIVATE_REFERRERS else -5


def corp_modifier(response):
    value = response.headers.get("Cross-Origin-Resource-Policy")
    if value is None or value.strip().lower() == "cross-origin":
        return 0
    return 10 if value.strip().lower() in ("same-origin", "same-site") else -5


def cors_modifier(response):
    credentials = response.headers.get("Access-Control-Allow-Credentials", "").lower() == "true"
    return -50 if response.headers.get("Access-Control-Allow-Origin") and credentials else 0


def sri_modifier(response, html_elements):
    if html_elements is None:
        return 0
    sources = [attrs.get("src") or "" for tag, attrs in html_elements if tag == "script"]
    external = [s for s in sources if s.startswith(("http:", "https:", "//"))]
    if any(s.startswith(("http:", "//")) for s in external):
        return -50
    return -5 if external else 0


def observatory_score(response):
    """The Observatory's score for one response fetched over HTTPS."""
    elements = parsed(response).elements if is_html(response) else None
    modifiers = [
        csp_modifier(response),
        cookies_modifier(response),
        cors_modifier(response),
        corp_modifier(response),
        referrer_modifier(response),
        hsts_modifier(response),
        sri_modifier(response, elements),
        x_content_type_options_modifier(response),
        frame_modifier(response),
    ]
    score = 100 + sum(m for m in modifiers if m < 0)
    if score >= 90:
        score += sum(m for m in modifiers if m > 0)
    return max(score, 0)


class ParsedPage(HTMLParser):
    """Start tags in order, and whether each <script> and <style> has text of its own."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.inline = []
        self._open = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag in ("script", "style"):
            self._open = (tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self._open and data.strip():
            self.inline.append((*self._open, data.strip()[:80]))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._open = None


def is_html(response):
    return response.headers.get("Content-Type", "").startswith("text/html") and not getattr(
        response, "streaming", False
    )


def parsed(response):
    return ParsedPage(response.content.decode(response.charset or "utf-8"))


def inline_code(response):
    """What a strict policy would refuse in the page: scripts and styles written in the HTML,
    style attributes, event handler attributes and javascript: links."""
    page = parsed(response)
    found = []
    for tag, attrs, text in page.inline:
        if tag == "style" or (attrs.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
            found.append(f"<{tag}> {text}")
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            script_link = name in ("href", "src", "action") and (value or "").strip().lower()
            if (
                name == "style"
                or name.startswith("on")
                or str(script_link).startswith("javascript:")
            ):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def csp_sources(response):
    return {
        s
        for sources in parse_csp(response.headers["Content-Security-Policy"]).values()
        for s in sources
    }


# The portal's responses.


@pytest.fixture
def production_headers(settings):
    """The production security settings; only the redirection to HTTPS is left to the client,
    which asks for HTTPS itself."""
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_SSL_REDIRECT = False
    settings.DEBUG = False


@pytest.fixture
def portal_content(oise, beauvais, settings, tmp_path):
    """The demo portal, with a member, an association's event, a group, a discussion and a
    document: something real behind each URL pattern."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("setup_demo", "--departement", "60", "--admin-password", "demo-mot-de-passe")
    member = make_member(
        first_name="Léa", last_name="Martin", commune=beauvais, email="lea@example.org"
    )
    document = get_document_model().objects.create(
        title="Budget primitif", file=ContentFile(b"%PDF-1.4 " + b"0" * 512, name="budget.pdf")
    )
    return {"member": member, "document": document}


def sample_kwargs():
    event = Event.objects.order_by("pk").first()
    group = CivicGroup.objects.order_by("pk").first()
    discussion = Discussion.objects.order_by("pk").first()
    post = Post.objects.order_by("pk").first()
    membership = Membership.objects.order_by("pk").first()
    profile = Profile.objects.order_by("pk").first()
    by_name = {
        "organiser_feed": {"pk": profile.pk},
        "group_feed": {"pk": group.pk},
        "event": {"pk": event.pk, "slug": event.slug},
        "event_ics": {"pk": event.pk, "slug": event.slug},
        "edit": {"pk": event.pk},
        "cancel": {"pk": event.pk},
        "profile": {"pk": profile.pk},
        "follow": {"pk": profile.pk},
        "request_verification": {"kind": "association"},
        "membership_action": {"slug": group.slug, "pk": membership.pk, "action": "accepter"},
        "member_suspend": {"pk": membership.pk},
        "member_reinstate": {"pk": membership.pk},
    }
    by_converter = {"slug": group.slug, "str": "jeton-inconnu"}
    pk_by_prefix = {"discussions/": discussion.pk, "messages/": post.pk}
    return by_name, by_converter, pk_by_prefix


REGEX_SAMPLES = {
    "wagtaildocs_serve": lambda content: f"{content['document'].pk}/budget.pdf",
    "account_confirm_email": lambda content: "cle-inconnue/",
    "account_reset_password_from_key": lambda content: "1-set-password/",
    "wagtail_serve": lambda content: "",
}
ADMIN_PREFIXES = ("admin/",)


def route_path(route, name, prefix, samples):
    by_name, by_converter, pk_by_prefix = samples

    def value(match):
        converter, key = match.group(1), match.group(2)
        if key in by_name.get(name, {}):
            return str(by_name[name][key])
        if converter == "int":
            return str(next((pk for p, pk in pk_by_prefix.items() if prefix.startswith(p)), 1))
        return by_converter.get(converter, "x")

    return re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def every_url(content):
    """One path for each URL pattern of portal.urls, outside the admin, with its converters
    filled with real objects' values."""
    samples = sample_kwargs()
    paths = []

    def walk(resolver, prefix):
        for pattern in resolver.url_patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route not in ADMIN_PREFIXES:
                    walk(pattern, prefix + route)
            elif isinstance(pattern.pattern, RoutePattern):
                full = prefix + route_path(route, pattern.name, prefix + route, samples)
                paths.append((pattern.name, "/" + full))
            else:
                paths.append((pattern.name, "/" + prefix + REGEX_SAMPLES[pattern.name](content)))

    walk(get_resolver(), "")
    assert len(paths) > 70, paths
    return paths


def visits(content):
    """Each URL, for an anonymous visitor and for a signed-in member."""
    anonymous = Client()
    member = Client()
    member.force_login(content["member"])
    for name, path in every_url(content):
        for who, client in (("visiteur", anonymous), ("membre", member)):
            yield f"{who} {name} {path}", client.get(path, secure=True)
    for page in Page.objects.live().filter(depth__gt=1):
        yield f"page Wagtail {page.url}", anonymous.get(page.url, secure=True)
    yield "page introuvable", anonymous.get("/cette-page-n-existe-pas/", secure=True)
    signing_in = Client()
    signing_in.get("/compte/login/", secure=True)
    yield (
        "connexion",
        signing_in.post(
            "/compte/login/",
            {"login": "lea@example.org", "password": "un-mot-de-passe-solide"},
            secure=True,
        ),
    )
    forged = Client(enforce_csrf_checks=True)
    yield "formulaire sans jeton (403)", forged.post("/compte/login/", {}, secure=True)


@pytest.fixture
def responses(production_headers, portal_content):
    return list(visits(portal_content))


@pytest.mark.django_db
def test_every_url_of_the_portal_scores_a_plus_on_the_observatory_scale(responses):
    scores = {label: observatory_score(response) for label, response in responses}

    assert {label: score for label, score in scores.items() if score < 100} == {}
    statuses = {response.status_code for _, response in responses}
    cookies = {name for _, response in responses for name in response.cookies}
    assert {"sessionid", "csrftoken"} <= cookies
    assert {200, 302, 403, 404, 405} <= statuses


@pytest.mark.django_db
def test_public_pages_allow_no_inline_script_or_style_nor_eval(responses):
    refused = {}
    for label, response in responses:
        sources = csp_sources(response)
        if {"'unsafe-inline'", "'unsafe-eval'"} & sources:
            refused[label] = sorted(sources)
        elif is_html(response) and inline_code(response):
            refused[label] = inline_code(response)

    assert refused == {}


@pytest.mark.django_db
def test_public_pages_refuse_framing_plugins_and_other_sites_scripts(responses):
    for label, response in responses:
        csp = parse_csp(response.headers["Content-Security-Policy"])
        if csp["default-src"] == {"'none'"}:
            continue  # a document download, which Wagtail lets load nothing at all
        assert csp["default-src"] == {"'self'"}, label
        assert csp["object-src"] == {"'none'"}, label
        assert csp["frame-ancestors"] == {"'none'"}, label
        assert csp["base-uri"] == {"'self'"}, label
        assert csp["form-action"] == {"'self'"}, label
        assert "script-src" not in csp and "style-src" not in csp, label


@pytest.mark.django_db
def test_public_pages_refuse_camera_microphone_geolocation_payment_and_usb(responses):
    for label, response in responses:
        policy = response.headers.get("Permissions-Policy", "")
        # The street report form asks for the position on « Utiliser ma position » only.
        asks_position = label.endswith(" /signalements/nouveau/")
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            if feature == "geolocation" and asks_position:
                assert "geolocation=(self)" in policy, (label, policy)
                continue
            assert f"{feature}=()" in policy, (label, policy)


def test_a_page_served_from_the_page_cache_keeps_its_headers(client, production_headers, db):
    # The first visits build what the agenda keeps (which renews the cached pages).
    first, _, again = (client.get("/agenda/", secure=True) for _ in range(3))

    assert again["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "Permissions-Policy", "Strict-Transport-Security"):
        assert again[header] == first[header]
    assert observatory_score(again) >= 100


def test_the_video_players_are_the_only_frames_a_public_page_may_show(
    client, production_headers, db
):
    csp = parse_csp(client.get("/healthz", secure=True)["Content-Security-Policy"])

    assert csp["frame-src"] == {
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://www.dailymotion.com",
    }


@permissions_policy_override({"geolocation": "self"})
def locate_me(request):
    return HttpResponse("<p>Où suis-je ?</p>")


urlpatterns = [
    URLPattern(RoutePattern("ou-suis-je/", is_endpoint=True), locate_me, name="locate_me"),
]


@pytest.mark.urls(__name__)
def test_a_page_that_needs_the_visitor_position_can_ask_for_it_even_from_the_page_cache(
    client, production_headers, db
):
    first = client.get("/ou-suis-je/", secure=True)
    again = client.get("/ou-suis-je/", secure=True)

    assert again["X-Page-Cache"] == "hit"
    for response in (first, again):
        assert "geolocation=(self)" in response["Permissions-Policy"]
        assert "camera=()" not in response["Permissions-Policy"]


def test_the_admin_has_a_policy_of_its_own_that_still_refuses_plugins_and_other_sites(
    client, production_headers, db
):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(admin)

    response = client.get("/admin/", secure=True)

    assert response.status_code == 200
    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["script-src"] == {"'self'", "'unsafe-inline'"}
    assert csp["object-src"] == {"'none'"}
    assert csp["frame-ancestors"] == {"'self'"}
    assert "'unsafe-eval'" not in csp_sources(response)


def test_the_preview_of_a_page_may_be_framed_by_the_admin(production_headers, db):
    home = Page.objects.get(depth=2)
    page = home.add_child(instance=StandardPage(title="Budget participatif"))

    response = page.make_preview_request()

    assert response.status_code == 200
    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["frame-ancestors"] == {"'self'"}
    assert csp["object-src"] == {"'none'"}


def test_the_server_error_page_needs_nothing_inline(client, production_headers, db):
    response = server_error(RequestFactory().get("/", secure=True))

    assert inline_code(response) == []
    assert (
        '<link rel="stylesheet" href="/static/portal/css/error.css">' in response.content.decode()
    )
    assert client.get("/static/portal/css/error.css", secure=True).status_code == 200
