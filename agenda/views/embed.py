"""An association's events on its own website, without an iframe or a script: an HTML list to
copy and paste, the same list as a fragment its site may include server-side, and the .ics."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from agenda.ical import portal_base_url
from agenda.templatetags.agenda_tags import association_occurrences
from civic.people.models import Profile


def _association(pk):
    profile = get_object_or_404(Profile, pk=pk)
    if profile.kind != Profile.Kind.ASSOCIATION or not profile.is_verified:
        raise Http404
    return profile


def _snippet(request, profile):
    return render_to_string(
        "agenda/embed_list.html",
        {
            "profile": profile,
            "occurrences": association_occurrences(profile),
            "base_url": portal_base_url(request),
        },
    ).strip()


def embed(request, pk):
    profile = _association(pk)
    snippet = _snippet(request, profile)
    return render(
        request,
        "agenda/embed.html",
        {"profile": profile, "snippet": snippet, "base_url": portal_base_url(request)},
    )


def fragment(request, pk):
    """The list alone, always up to date, for a site that includes it server-side."""
    profile = _association(pk)
    response = render(
        request,
        "agenda/embed_list.html",
        {
            "profile": profile,
            "occurrences": association_occurrences(profile),
            "base_url": portal_base_url(request),
        },
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
