"""What people type in discussions: plain text with a small Markdown subset, made safe.

Paragraphs, line breaks, links, lists, bold and italic. Raw HTML typed by people is shown as
text (Markdown's HTML passthrough is switched off), then the output is cleaned by nh3 with a
short allow-list: whatever gets through Markdown, no tag, attribute or URL scheme outside that
list reaches a page. Rendering happens once, when the text is saved.
"""

import re
import threading
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor

ALLOWED_TAGS = {"p", "a", "ul", "ol", "li", "strong", "em", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

# A bare web address in the text becomes a link ("https://oise.fr/mobilite").
_BARE_URL = r"(?<![\w/\]\(<\"'=])(https?://[^\s<>\"'\)\]]*[^\s<>\"'\)\].,;:!?])"


class _BareUrlProcessor(InlineProcessor):
    def handleMatch(self, m, data):
        link = etree.Element("a")
        link.set("href", m.group(1))
        link.text = m.group(1)
        return link, m.start(0), m.end(0)


class _SafeSubset(markdown.Extension):
    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.register(_BareUrlProcessor(_BARE_URL, md), "bare_url", 95)


_BLANK_LINES = re.compile(r"\n{3,}")


_converters = threading.local()


def _converter():
    """One Markdown converter per thread, reset before each text: building one (its extensions,
    patterns and processors) cost more than converting a reply."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = markdown.Markdown(extensions=[_SafeSubset(), "nl2br"], output_format="html")
        _converters.markdown = converter
    return converter.reset()


def render(text):
    """Sanitised HTML for `text` (Markdown subset); an empty string for an empty text."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    return clean(_converter().convert(_BLANK_LINES.sub("\n\n", text)))


_ABSOLUTE_URL = re.compile(r"^(https?://|mailto:)[^\s]+$", re.IGNORECASE)


def _absolute_links_only(tag, attribute, value):
    # Relative URLs are refused too: "java\tscript:" would pass as one, and browsers drop tabs.
    if attribute == "href":
        return value if _ABSOLUTE_URL.match(value) else None
    return value


def clean(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc",
        strip_comments=True,
        attribute_filter=_absolute_links_only,
    ).strip()


def excerpt(text, length=200):
    """Plain text for emails and previews: Markdown marks left as typed, whitespace folded."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"
