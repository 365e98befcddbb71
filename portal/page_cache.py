"""Whole-page cache for anonymous visitors, emptied by any change to what the portal shows.

Anonymous visitors are most of a burst (a storm, an election night) and they all see the same
page, except for the commune they chose on « Près de chez moi ». So a page is kept once per
(site, language, chosen commune, URL) and the key carries a *generation*: a token that any content
change replaces, after its transaction commits. A new generation makes every older page
unreachable at once, so an edit is never served stale; the timeout only bounds how long
time-dependent wording ("à venir", "ouverte") may lag behind the clock.

Content changes are seen three ways, from the narrowest to the widest net:
- post_save / post_delete / m2m_changed of the portal's own models (pages, events, posts...);
- `civic.signals.content_changed`, sent by services that write with update() or bulk_create();
- any successful POST (outside sign-in pages): a view may write in ways no signal sees.

During a form sent through the middleware, the changes a signal reports start the new
generation once, when the view has answered (its transactions committed), rather than once per
saved row and again at each commit: a reply is one write to the shared cache, not three.

Nothing personal is ever stored: a request whose session holds anything but the chosen commune
(a signed-in user, a flash message, a passed page password) is served fresh, and so is any
response that used the CSRF token, touched the session or asked not to be cached.
"""

import contextvars
import hashlib
import pickle
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language

from portal.targeting import SESSION_COMMUNE_KEY

GENERATION_KEY = "portal:pages:generation"
# The only session data an anonymous page may depend on; it is part of the key.
VARIANT_SESSION_KEYS = frozenset({SESSION_COMMUNE_KEY})
# Accounts and administration are never cached, and a POST there is no content change.
NEVER_CACHED = ("/admin/", "/compte/", "/mon-compte/", "/healthz", "/bench/")
NO_CONTENT_POSTS = ("/compte/",)
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "ETag",
    "Last-Modified",
    "Link",
    "Permissions-Policy",
    "Vary",
)
WATCHED_APPS = frozenset(
    {"civic", "agenda", "portal", "wagtailcore", "wagtailimages", "wagtaildocs", "taggit"}
)
# Written while pages render, by the editorial machinery, or in bulk by services that announce
# their changes with content_changed (a model signal there would cost one call per row).
IGNORED_MODELS = frozenset(
    {
        "agenda.occurrence",
        "agenda.eventchangelog",
        "agenda.veventtext",
        "civic.territorylink",
        "civic.notification",
        "civic.report",
        "agenda.calendarsource",
        "wagtailimages.rendition",
        "wagtailcore.revision",
        "wagtailcore.pagelogentry",
        "wagtailcore.modellogentry",
        "wagtailcore.workflowstate",
        "wagtailcore.taskstate",
        "wagtailcore.pagesubscription",
        "wagtailcore.comment",
        "wagtailcore.commentreply",
    }
)


def timeout():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


# The generation read once per request, so that a page is built from one consistent state and
# its layout costs one round trip to the shared cache, not one per item. A page's is read as the
# request starts (its key needs it); a form sent's only if its answer needs it (_UNREAD till
# then): most forms answer with a redirect, and never do.
_request_generation = contextvars.ContextVar("page_cache_generation", default=None)
_UNREAD = object()
# While a form sent is answered: whether it changed content. A change then moves only that
# request on, and the middleware starts the shared new generation once the view has answered.
_answering_a_form = contextvars.ContextVar("page_cache_answering_a_form", default=False)
_form_changed_content = contextvars.ContextVar("page_cache_form_changed", default=False)


def _generation():
    """This request's generation, read from the shared cache at its first use; outside a
    request, read each time (nothing would tell a long-lived process that it moved on)."""
    generation = _request_generation.get()
    if generation is None:
        return current_generation()
    if generation is _UNREAD:
        generation = current_generation()
        _request_generation.set(generation)
    return generation


# This process's copies of remembered values, valid for one generation only (pickled, so that
# each request gets its own objects). One (generation, values) pair, replaced whole, so that a
# value computed for one generation is never filed under the next.
_memo = (None, {})


def remember(name, compute):
    """`compute()`, kept until the next content change: for what every page's layout reads
    (settings, menus, footer links, long option lists). Computed afresh when the page cache is
    off, since then nothing would tell the other workers that it changed."""
    if not timeout():
        return compute()
    name = f"{get_language()}:{name}"  # what is kept may hold translated words
    global _memo
    generation = _generation()
    kept_generation, values = _memo
    if kept_generation != generation:
        values = {}
        _memo = (generation, values)
    pickled = values.get(name)
    if pickled is None:
        key = f"portal:data:{generation}:{name}"
        value = cache.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            cache.set(key, value, timeout() * 10)
        values[name] = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        return value
    return pickle.loads(pickled)


_MISSING = object()


def _new_generation():
    generation = uuid.uuid4().hex
    cache.set(GENERATION_KEY, generation, timeout=None)
    if _request_generation.get() is not None:
        _request_generation.set(generation)  # the rest of this request reads its own writes


def forget_all_pages():
    """Make every cached page unreachable, now and again once the current transaction commits.

    Now, so that this request reads its own writes; after the commit, because in between another
    request may have read the old rows and cached them under the new generation. In a form sent
    through the middleware, only this request moves on now; the middleware does the rest.
    """
    if _answering_a_form.get():
        _request_generation.set(uuid.uuid4().hex)
        _form_changed_content.set(True)
        return
    _new_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_new_generation)


def watched(model):
    meta = model._meta
    return meta.app_label in WATCHED_APPS and meta.label_lower not in IGNORED_MODELS


def on_model_change(sender, **kwargs):
    if not kwargs.get("raw"):  # fixtures loading
        forget_all_pages()


def on_relation_change(sender, instance, **kwargs):
    # auth's relations too: who belongs to which group decides what members may do, and
    # their permissions are remembered (civic/auth_backends.py).
    if watched(type(instance)) or sender._meta.app_label == "auth":
        forget_all_pages()


def on_content_changed(sender, **kwargs):
    forget_all_pages()


def connect_signals():
    """Per model, not for every sender: a delete listener on a model turns off Django's fast
    (single-statement) deletes for it, which the bulk-maintained tables rely on."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from civic.signals import content_changed

    for model in apps.get_models():
        if watched(model):
            for signal in (post_save, post_delete):
                signal.connect(on_model_change, sender=model, dispatch_uid="portal_page_cache")
    m2m_changed.connect(on_relation_change, dispatch_uid="portal_page_cache")
    content_changed.connect(on_content_changed, dispatch_uid="portal_page_cache")


def remember_site(request):
    """Wagtail looks the site up on every request and keeps it on `request._wagtail_site`
    (Site.find_for_request): give it the one found for this host until the next change."""
    from wagtail.models import Site

    host = f"{request._get_raw_host()}|{request.get_port()}"
    request._wagtail_site = remember(f"site:{host}", lambda: Site._find_for_request(request))


class AnonymousPageCacheMiddleware:
    """Placed after the session, CSRF, auth and messages middleware: it reads what they set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not timeout():
            return self.get_response(request)
        reading = request.method in ("GET", "HEAD")
        token = _request_generation.set(current_generation() if reading else _UNREAD)
        try:
            return self._respond(request)
        finally:
            _request_generation.reset(token)

    def _respond(self, request):
        if request.method != "GET":
            if request.method == "HEAD" and not request.path.startswith(NEVER_CACHED):
                remember_site(request)
            answering = _answering_a_form.set(True)
            changed = _form_changed_content.set(False)
            try:
                response = self.get_response(request)
                changed_content = _form_changed_content.get()
            finally:
                _answering_a_form.reset(answering)
                _form_changed_content.reset(changed)
            if changed_content or (
                request.method not in ("HEAD", "OPTIONS")
                and response.status_code < 400
                and not request.path.startswith(NO_CONTENT_POSTS)
            ):
                forget_all_pages()
            return response
        key = self.key(request)
        frozen = None if key is None else cache.get(key)
        if frozen is not None:
            return self.thaw(request, frozen)  # no site lookup: served while the database is down
        # Not for /healthz (it must not need the database), nor for a form sent: it usually
        # starts a new generation, and with it a new lookup.
        if not request.path.startswith(NEVER_CACHED):
            remember_site(request)
        response = self.get_response(request)
        if key is not None and self.storable(request, response):
            cache.set(key, self.freeze(response), timeout())
            response["X-Page-Cache"] = "miss"
        return response

    def key(self, request):
        if request.path.startswith(NEVER_CACHED) or "messages" in request.COOKIES:
            return None
        variant = ""
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            session = request.session
            if set(session.keys()) - VARIANT_SESSION_KEYS:
                return None  # signed in, a message, a passed password...
            variant = str(session.get(SESSION_COMMUNE_KEY, ""))
        digest = hashlib.sha256(
            f"{request.get_host()}|{request.get_full_path()}".encode()
        ).hexdigest()
        language = getattr(request, "LANGUAGE_CODE", "")
        return f"portal:page:{_request_generation.get()}:{language}:{variant}:{digest}"

    @staticmethod
    def storable(request, response):
        if response.status_code != 200 or response.streaming:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False  # the page holds a form token tied to this visitor
        session = getattr(request, "session", None)
        if session is not None and (session.modified or session.get("_auth_user_id")):
            return False
        if getattr(getattr(request, "_messages", None), "added_new", False):
            return False
        if response.cookies:
            return False
        cache_control = response.get("Cache-Control", "")
        return not any(
            word in cache_control for word in ("private", "no-cache", "no-store", "max-age=0")
        )

    @staticmethod
    def freeze(response):
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        return (response.content, headers)

    @staticmethod
    def thaw(request, frozen):
        content, headers = frozen
        response = HttpResponse(content, headers=headers)
        response["X-Page-Cache"] = "hit"
        last_modified = parse_http_date_safe(headers.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=headers.get("ETag"), last_modified=last_modified, response=response
        )
