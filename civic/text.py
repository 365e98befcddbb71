"""Text helpers shared by civic models and views."""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-'\u2019]+")  # \u2019: typographic apostrophe


def normalize(text):
    """Lower-case, accent-free, with hyphens and apostrophes as single spaces.

    "Saint-Just-en-Chaussée" and "saint just en chaussee" both give "saint just en chaussee".
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", ascii_text.lower().replace("œ", "oe").replace("æ", "ae")).strip()
