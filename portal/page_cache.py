"""Whole-page cache for anonymous visitors, invalidated by what changed, not by any change.

Anonymous visitors are most of a burst (a storm, an election night) and they all see the same
page, except for the commune they chose on « Près de chez moi ». So a page is kept once per
(site, language, chosen commune, URL), with the *tags* it depends on and their versions. A tag's
version is a token in the shared cache: a change replaces the tokens of the tags it touches, now
and once its transaction commits. A page whose tags still have the versions stored with it is
served from two reads of the cache, without the database; otherwise it is rendered afresh. A page
rendered while a change to what it shows landed is not kept (the versions of the broad tags below
that cover it, read before it rendered, have moved): it may hold rows from before the change. The
timeout only bounds how long time-dependent wording ("à venir", "ouverte") may lag behind the clock.

Tags, from the widest to the narrowest:
- `all`: everything not classified below (profiles, groups, territories, settings, snippets,
  images, pages in the menus or footer). Every page depends on it.
- `dialogue`, `agenda`, `pages`: discussions and their posts (the lists of recent discussions
  and of groups by activity), events, Wagtail pages outside the layout. A page depends on all
  three unless its view is listed in VIEW_TAGS, which names what it shows instead. A Wagtail page
  depends on `pages` and on what its blocks declare they list while it renders (`shows()`): a
  home page without a block of discussions is not renewed by a reply.
- `discussion:<pk>`, `group:<slug>`: a thread and its group's page.

Changes are seen from post_save / post_delete / m2m_changed of the portal's own models (a
Wagtail page's draft saved changes nothing), Wagtail's `post_page_move`, and
`civic.signals.content_changed`, sent by services that write with update() or bulk_create().
A request that changes nothing (an anonymous form sent, a refused form) invalidates nothing.

`remember` keeps computed data (the layout's settings, menus and footer) in the same
cache, under a key made of its tags' versions: what it returns never outlives a change to them.

Nothing personal is ever stored: a request whose session holds anything but the chosen commune
(a signed-in user, a flash message, a passed page password) is served fresh, and so is any
response that used the CSRF token, touched the session or asked not to be cached.
"""

import contextvars
import hashlib
import uuid
from operator import attrgetter

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language
from wagtail.models import COMMENTS_RELATION_NAME, Page, Site
from wagtail.signals import post_page_move

from civic.signals import content_changed
from portal.targeting import SESSION_COMMUNE_KEY

ALL = "all"
DIALOGUE = "dialogue"
AGENDA = "agenda"
PAGES = "pages"
REPORTS = "reports"
EVERYTHING = (ALL, DIALOGUE, AGENDA, PAGES, REPORTS)

# What the pages of these views show, besides `all` (the layout, names, places): the URL's
# arguments fill in the braces. Any other page depends on EVERYTHING.
VIEW_TAGS = {
    "agenda:agenda": (AGENDA,),
    "agenda:feed": (AGENDA,),
    "agenda:organiser_feed": (AGENDA,),
    "agenda:group_feed": (AGENDA,),
    "agenda:event": (AGENDA,),
    "agenda:event_ics": (AGENDA,),
    "dialogue:discussion": ("discussion:{pk}",),
    "dialogue:poll_results": ("discussion:{pk}",),
    "dialogue:group": ("group:{slug}",),
    # Street reports (civic/reports): written all day long, so kept apart from `all`.
    "reports:list": (REPORTS,),
    "reports:map_data": (REPORTS,),
    "reports:detail": (REPORTS,),
    "reports:stats": (REPORTS,),
    "reports:export_csv": (REPORTS,),
    "reports:export_geojson": (REPORTS,),
    "people:directory": (),  # profiles, and groups with their members: `all` only
}
# Models of street reports: their changes touch the reports' pages only.
REPORT_MODELS = frozenset(
    {
        "civic.streetreport",
        "civic.streetreportphoto",
        "civic.streetreportconfirmation",
        "civic.streetreportevent",
    }
)
# Wagtail's pages: their content, and what their blocks declare with shows().
PAGE_VIEW = "wagtail_serve"
# Models whose changes touch one thread (and so its group and the lists of discussions): the
# path from the changed row to its thread, read from the objects in hand when they are loaded.
THREAD_MODELS = {
    "civic.discussion": None,
    "civic.post": "discussion",
    "civic.consultation": "discussion",
    "civic.recommendation": "post.discussion",
    "civic.officialanswer": "thread",
    "civic.answerrevision": "answer.thread",
    "civic.answerupdate": "answer.thread",
    "civic.ballot": "consultation.discussion",
    "civic.question": "consultation.discussion",
    "civic.choice": "question.consultation.discussion",
}
# Bulk writers announce their changes with content_changed: their sender's tags.
SENDER_TAGS = {"agenda.occurrence": (AGENDA,), "civic.streetreport": (REPORTS,)}
# Saving a draft of a Wagtail page writes only these fields: visitors see nothing of it.
DRAFT_FIELDS = frozenset(
    {
        COMMENTS_RELATION_NAME,
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_by",
        "locked_at",
        "approved_go_live_at",
    }
)
# The pages of the portal's settings that the layout shows on every page.
LAYOUT_PAGE_FIELDS = (
    "accessibility_page",
    "accessibility_multiyear_plan_page",
    "accessibility_action_plan_page",
    "legal_notice_page",
    "privacy_page",
)

TAG_KEY = "portal:tag:{}"
# Every change replaces one of the broad tags at least; one to a thread or a group's page also
# replaces these (see _thread_tags, _event_tags). A page rendered while one of the broad tags that
# cover it moved is not kept: it may have read the rows from before the change with the versions
# from after it.
COVERED_BY = {"discussion": (DIALOGUE,), "group": (DIALOGUE, AGENDA)}
# The only session data an anonymous page may depend on; it is part of the key.
VARIANT_SESSION_KEYS = frozenset({SESSION_COMMUNE_KEY})
# Accounts and administration are never cached.
NEVER_CACHED = ("/admin/", "/compte/", "/mon-compte/", "/healthz", "/bench/")
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
# Written while pages render, by the editorial machinery, at sign-in, or in bulk by services that
# announce their changes with content_changed (a model signal there would cost one call per row).
IGNORED_MODELS = frozenset(
    {
        "agenda.occurrence",
        "agenda.eventchangelog",
        "agenda.veventtext",
        "civic.territorylink",
        "civic.notification",
        "civic.ballotanswer",
        "civic.report",
        "civic.membersession",
        "civic.streetreportnote",
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


class _Request:
    """What the page cache knows of the request being answered."""

    def __init__(self):
        self.versions = {}  # the tags' versions read so far, so that each costs one round trip
        self.changed = set()  # the tags this request's changes touch, replaced once it answered
        self.shown = set()  # the tags the blocks of a Wagtail page declared (shows())


_request = contextvars.ContextVar("page_cache_request", default=None)


def _read_versions(tags):
    """{tag: version} now, or None when a tag had no version yet (one is given to it)."""
    keys = {TAG_KEY.format(tag): tag for tag in tags}
    found = cache.get_many(keys)
    for key in keys.keys() - found.keys():
        cache.add(key, uuid.uuid4().hex, timeout=None)
    if len(found) < len(keys):
        return None
    return {keys[key]: version for key, version in found.items()}


def _known_versions(tags):
    """The tags' versions, read once per request (each time outside a request)."""
    state = _request.get()
    known = state.versions if state is not None else {}
    missing = [tag for tag in tags if tag not in known]
    if missing:
        versions = _read_versions(missing) or _read_versions(missing)
        if versions is None:
            return None
        known.update(versions)
    return [known[tag] for tag in tags]


_MISSING = object()


def remember(name, compute, *, tags=EVERYTHING):
    """`compute()`, kept in the shared cache until a change touches one of `tags` (any change,
    by default). Computed afresh when the page cache is off, since then nothing would tell the
    other workers that it changed, and in a request that changed what the tags cover."""
    state = _request.get()
    if not timeout() or (state is not None and state.changed.intersection(tags)):
        return compute()
    versions = _known_versions(tags)
    if versions is None:
        return compute()
    version = hashlib.sha256("|".join(versions).encode()).hexdigest()[:32]
    key = f"portal:data:{get_language()}:{name}:{version}"  # what is kept may hold translated words
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout() * 10)
    return value


def _replace(tags):
    # The broad tags first: a page whose renderer then reads them unchanged read old versions.
    ordered = sorted(tags, key=lambda tag: tag not in EVERYTHING)
    cache.set_many({TAG_KEY.format(tag): uuid.uuid4().hex for tag in ordered}, timeout=None)


def _covering(tags):
    """The broad tags whose versions move with any change to what `tags` cover."""
    covering = set()
    for tag in tags:
        covering.update(COVERED_BY.get(tag.partition(":")[0], (tag,)))
    return covering


def _replace_now_and_after_commit(tags):
    """Now, so that what follows reads its own writes; after the commit too, since in between
    another request may have read the old rows and kept them under the new versions."""
    tags = frozenset(tags)
    _replace(tags)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _replace(tags))


def changed(*tags):
    """Announce a change to what `tags` cover. During a request, the tags are replaced once it
    has answered (its transactions committed): a reply is one write to the shared cache."""
    state = _request.get()
    if state is not None:
        state.changed.update(tags)
    elif timeout():
        _replace_now_and_after_commit(tags)


def shows(*tags):
    """Declare, while a Wagtail page renders, that it lists what `tags` cover (a block of events
    or of discussions): its kept copy is renewed when they change."""
    state = _request.get()
    if state is not None:
        state.shown.update(tags)


def _thread_tags(model, instance):
    """The thread, its group and the lists of discussions; `all` when the thread is gone."""
    path = THREAD_MODELS[model._meta.label_lower]
    try:
        thread = attrgetter(path)(instance) if path else instance
        slug = thread.group.slug
    except (ObjectDoesNotExist, AttributeError):  # gone, or an answer to another subject
        return (ALL,)
    return (DIALOGUE, f"discussion:{thread.pk}", f"group:{slug}")


def _event_tags(event):
    """The agenda, and the page of the group organising the event, if any."""
    try:
        slug = event.organiser_group.slug if event.organiser_group_id else None
    except ObjectDoesNotExist:
        return (ALL,)
    return (AGENDA, f"group:{slug}") if slug else (AGENDA,)


def _in_layout(page):
    """Whether the layout of every page shows it: a site's home page, one of its children (the
    menus, the footer), or a page the portal's settings name."""
    parent_path = page.path[: -page.steplen]
    if Site.objects.filter(root_page__path__in=(page.path, parent_path)).exists():
        return True
    for portal_settings in apps.get_model("portal", "PortalSettings").objects.all():
        if page.pk in {getattr(portal_settings, f"{name}_id") for name in LAYOUT_PAGE_FIELDS}:
            return True
        for stream in (portal_settings.main_menu, portal_settings.footer_links):
            if any(block["value"].get("page") == page.pk for block in stream.raw_data):
                return True
    return False


def _changed_tags(model, instance, saved, update_fields=None):
    if isinstance(instance, Page):
        if saved and update_fields and DRAFT_FIELDS.issuperset(update_fields):
            return ()
        return (ALL,) if not saved or _in_layout(instance) else (PAGES,)
    label = model._meta.label_lower
    if label in THREAD_MODELS:
        return _thread_tags(model, instance)
    if label == "agenda.event":
        return _event_tags(instance)
    if label in REPORT_MODELS:
        return (REPORTS,)
    return (ALL,)


def watched(model):
    meta = model._meta
    return meta.app_label in WATCHED_APPS and meta.label_lower not in IGNORED_MODELS


def on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if timeout() and not raw:  # not while fixtures load
        changed(*_changed_tags(sender, instance, True, update_fields))


def on_delete(sender, instance, **kwargs):
    if timeout():
        changed(*_changed_tags(sender, instance, False))


def on_relation_change(sender, instance, **kwargs):
    # auth's relations too: who belongs to which group decides what members may do.
    if watched(type(instance)) or sender._meta.app_label == "auth":
        changed(ALL)


def on_page_move(sender, **kwargs):
    changed(ALL)  # the menus and every link to the moved pages


def on_content_changed(sender, **kwargs):
    label = getattr(getattr(sender, "_meta", None), "label_lower", None)
    changed(*SENDER_TAGS.get(label, (ALL,)))


def connect_signals():
    """Per model, not for every sender: a delete listener on a model turns off Django's fast
    (single-statement) deletes for it, which the bulk-maintained tables rely on."""
    for model in apps.get_models():
        if watched(model):
            post_save.connect(on_save, sender=model, dispatch_uid="portal_page_cache")
            post_delete.connect(on_delete, sender=model, dispatch_uid="portal_page_cache")
    m2m_changed.connect(on_relation_change, dispatch_uid="portal_page_cache")
    post_page_move.connect(on_page_move, dispatch_uid="portal_page_cache")
    content_changed.connect(on_content_changed, dispatch_uid="portal_page_cache")


class AnonymousPageCacheMiddleware:
    """Placed after the session, CSRF, auth and messages middleware: it reads what they set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not timeout():
            return self.get_response(request)
        state = _Request()
        token = _request.set(state)
        try:
            return self._respond(request, state)
        finally:
            _request.reset(token)
            if state.changed:
                _replace_now_and_after_commit(state.changed)

    def _respond(self, request, state):
        key = self.key(request) if request.method == "GET" else None
        if key is None:
            return self.get_response(request)
        broad_keys = {TAG_KEY.format(tag): tag for tag in EVERYTHING}
        found = cache.get_many([key, *broad_keys])
        frozen = found.pop(key, None)
        if frozen is not None:
            content, headers, versions = frozen
            if cache.get_many(versions) == versions:
                # No site lookup, no query: served while the database is down.
                return self.thaw(request, content, headers)
        before = {broad_keys[k]: version for k, version in found.items()}
        if len(before) < len(broad_keys):
            before = _read_versions(EVERYTHING) or _read_versions(EVERYTHING)
        response = self.get_response(request)
        if before and not state.changed and self.storable(request, response):
            self.store(key, response, self.tags(request, state), before)
        return response

    def store(self, key, response, tags, before):
        """Keep the page with its tags' versions, unless a change to what it shows landed while
        it rendered (`before`: the broad tags' versions read before)."""
        tag_keys = [TAG_KEY.format(tag) for tag in tags]
        covering = {TAG_KEY.format(tag): before[tag] for tag in _covering(tags)}
        for _ in range(2):  # a second time once the tags without a version have been given one
            # Read with the page's own: a change landing meanwhile is seen (see _replace).
            versions = cache.get_many([*tag_keys, *covering])
            if any(versions.get(k) != version for k, version in covering.items()):
                return
            versions = {k: versions[k] for k in tag_keys if k in versions}
            if len(versions) == len(tag_keys):
                cache.set(key, self.freeze(response, versions), timeout())
                response["X-Page-Cache"] = "miss"
                return
            for tag_key in set(tag_keys) - versions.keys():
                cache.add(tag_key, uuid.uuid4().hex, timeout=None)

    @staticmethod
    def tags(request, state):
        """`all`, and what the page shows: its blocks' for a Wagtail page, as VIEW_TAGS say of its
        view, or everything."""
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name == PAGE_VIEW:
            return (ALL, PAGES, *sorted(state.shown))
        if match is None or match.view_name not in VIEW_TAGS:
            return EVERYTHING
        return (ALL, *(tag.format(**match.kwargs) for tag in VIEW_TAGS[match.view_name]))

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
        return f"portal:page:{language}:{variant}:{digest}"

    @staticmethod
    def storable(request, response):
        if response.status_code != 200 or response.streaming:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False  # the page holds a form token tied to this visitor
        session = getattr(request, "session", None)
        if session is not None and (session.modified or session.get("_auth_user_id")):
            return False
        if len(messages.get_messages(request)):
            return False  # a message for this visitor, shown on this page or the next
        if response.cookies:
            return False
        cache_control = response.get("Cache-Control", "")
        return not any(
            word in cache_control for word in ("private", "no-cache", "no-store", "max-age=0")
        )

    @staticmethod
    def freeze(response, versions):
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        return (response.content, headers, versions)

    @staticmethod
    def thaw(request, content, headers):
        response = HttpResponse(content, headers=headers)
        response["X-Page-Cache"] = "hit"
        last_modified = parse_http_date_safe(headers.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=headers.get("ETag"), last_modified=last_modified, response=response
        )
