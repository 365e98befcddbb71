"""Event descriptions: a small, safe subset of HTML, cleaned with nh3 on the way in."""

import re
from html import unescape

import nh3
from django.utils.html import linebreaks, urlize

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def clean_html(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    ).strip()


def sanitize_description(text):
    """HTML as typed, cleaned; plain text becomes paragraphs with its web addresses as links."""
    text = (text or "").strip()
    if not text:
        return ""
    if _TAG.search(text):
        return clean_html(text)
    return clean_html(linebreaks(urlize(text, nofollow=True, autoescape=True)))


def plain_text(html):
    """The description without markup, for iCalendar and schema.org."""
    spaced = re.sub(r"</(p|li)>|<br\s*/?>", "\n", html or "")
    text = nh3.clean(spaced, tags=set())
    return re.sub(r"\n{3,}", "\n\n", unescape(text)).strip()
