"""Text helpers shared by civic models and views."""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-'\u2019]+")  # \u2019: typographic apostrophe


def with_words(queryset, text, field="search_text"):
    """`queryset` narrowed to the rows whose `field`, written by `normalize` when they were
    saved, holds every word of `text` (no word: unchanged). A trigram index serves it on
    PostgreSQL (civic/common/search_columns.py)."""
    for word in normalize(text).split():
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset


def normalize(text):
    """Lower-case, accent-free, hyphens and apostrophes as spaces: "Saint-Just" → "saint just"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", ascii_text.lower().replace("œ", "oe").replace("æ", "ae")).strip()


# COG "type de nom en clair" (TNCC) -> (the article a name opens with, "de" + that article).
# Départements and régions are named without their article ("Oise", TNCC 5: "de l'Oise";
# "Hauts-de-France", TNCC 4: "des Hauts-de-France"); communes with it ("Le Plessis-Belleville",
# TNCC 2: "du Plessis-Belleville"; "Aux Marais", TNCC 6: "des Marais").
_TNCC = {
    "0": ("", "de "),
    "1": ("", "d'"),
    "2": ("Le ", "du "),
    "3": ("La ", "de la "),
    "4": ("Les ", "des "),
    "5": ("L'", "de l'"),
    "6": ("Aux ", "des "),
    "7": ("Las ", "de las "),
    "8": ("Los ", "de los "),
}
# "de le" and "de les" are never French, even when the TNCC says the name has no article
# ("Le Vernet-Chaméane", TNCC 0). "La" and "L'" stay ("de La Réunion", TNCC 0, is the usage).
_CONTRACTED = {"Le ": "du ", "Les ": "des "}
# Without a TNCC (quartiers, a few communes of the collectivités d'outre-mer).
_GUESSED = {**_CONTRACTED, "La ": "de la ", "L'": "de l'"}
_VOWELS = set("aeiouyh")
_ELIDED_BEFORE = set("aeiou")  # whatever the TNCC: "y" and "h" may be consonants


def of_name(name, tncc=None):
    """The name after "de": "de Creil", "d'Amiens", "de l'Oise", "du Plessis-Belleville".

    `tncc` is the COG "type de nom en clair" ("0" to "8"); without it the form is guessed from
    the name's article or first letter.
    """
    article, of = _TNCC.get(tncc, ("", None))
    if article and name.startswith(article):
        return of + name[len(article) :]
    for article, contracted in (_CONTRACTED if of else _GUESSED).items():
        if name.startswith(article):
            return contracted + name[len(article) :]
    first = normalize(name[:1])
    if of == "de " and first in _ELIDED_BEFORE:
        return "d'" + name  # "Île de Clipperton" comes with TNCC 0: "d'Île", never "de Île"
    if of:
        return of + name
    return ("d'" if first in _VOWELS else "de ") + name
