"""When the database cannot be reached: a French 503 page that gives people back what they sent.

An unreachable database (down, restarting, failing over, out of connections) raises an
OperationalError or an InterfaceError; waiting a little and sending again is then the right advice.
Other database errors (IntegrityError, ProgrammingError...) are bugs and stay 500s.

Two ways in, one page:
- DatabaseOutageMiddleware.process_exception, for a view that fails (the page then goes out
  through every middleware, which adds the CSRF cookie and the security headers);
- server_error, the project's handler500, for a failure outside any view: a middleware loading
  the session, the user or the site before the view, or saving the session after it.

The page is a standalone template rendered without a request: no context processor runs, so
nothing on it can query the database (site settings, menus, the signed-in user).
"""

import logging
import re
import sys

from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60
# Never written back into the page: what a sign-in or password form sends.
SECRET_FIELD = re.compile(r"pass|secret|token|otp", re.IGNORECASE)
CSRF_FIELD = "csrfmiddlewaretoken"


def sent_fields(request):
    """What the person sent, ready for the form that lets them send it again: writing (a line
    with a space, or several) shown in a text area, short values (choices, ids) kept hidden,
    secrets and files only named, so that they are typed or attached again."""
    try:
        posted = request.POST
        files = list(request.FILES)
    except (SuspiciousOperation, MultiPartParserError, UnreadablePostError):
        return [], False
    fields = []
    for name, values in posted.lists():
        if name == CSRF_FIELD:
            continue
        if SECRET_FIELD.search(name):
            fields.append({"name": name, "kind": "secret"})
            continue
        for value in values:
            writing = len(value) > 30 or any(character.isspace() for character in value)
            fields.append({"name": name, "value": value, "kind": "text" if writing else "hidden"})
    fields.extend({"name": name, "kind": "file"} for name in files)
    return fields, bool(files)


def outage_response(request):
    """The 503 page; for a form sent, with its fields and a fresh CSRF token to send it again."""
    context = {
        "retry_after_minutes": RETRY_AFTER_SECONDS // 60,
        "action": request.get_full_path(),
        "resend": request.method == "POST",
    }
    if context["resend"]:
        fields, with_files = sent_fields(request)
        context.update(fields=fields, with_files=with_files, csrf_token=get_token(request))
    response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)  # it may hold what a signed-in member wrote
    return response


class DatabaseOutageMiddleware:
    """A view that cannot reach the database answers the 503 page instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OUTAGE_ERRORS):
            return None
        logger.error(
            "Database unreachable: %s %s", request.method, request.path, exc_info=exception
        )
        return outage_response(request)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: the 503 page when what failed outside a view was reaching the database
    (Django has logged it, with its traceback), Django's 500 page otherwise."""
    if isinstance(sys.exception(), OUTAGE_ERRORS):
        return outage_response(request)
    return defaults.server_error(request, template_name)
