"""Where to go after an action: a `next` address taken from the request, only when it stays on
this site. Every view that follows a `next` goes through here."""

from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, default=""):
    """The request's `next` (sent with the form, else in the address) when it is a path on this
    site, else `default`. Paths only: a relative "17" or a view's name is never followed."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def redirect_to_next(request, default):
    """A redirect to the request's safe `next`, else to `default` (a URL, a view's name or a
    model, as `redirect()` takes them)."""
    target = next_url(request)
    return HttpResponseRedirect(target) if target else redirect(default)
