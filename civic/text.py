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


# COG "type de nom en clair" (TNCC): how a name takes "de" ("de Creil", "d'Amiens", "du Nord",
# "de la Somme", "des Ardennes", "de l'Oise"...). The article is not part of COG names
# except for communes, where it already is ("Le Plessis-Brion"): those take "du"/"des".
_OF_BY_TNCC = {
    "0": "de ",
    "1": "d'",
    "2": "du ",
    "3": "de la ",
    "4": "des ",
    "5": "de l'",
    "6": "des ",
    "7": "de las ",
    "8": "de los ",
}
_ARTICLES = {"Le ": "du ", "La ": "de la ", "Les ": "des ", "L'": "de l'"}


def of_name(name, tncc=None):
    """ "de Creil", "d'Amiens", "de l'Oise" (with its TNCC), "du Plessis-Brion"."""
    for article, of in _ARTICLES.items():
        if name.startswith(article):
            return of + name[len(article) :]
    if tncc in _OF_BY_TNCC:
        return _OF_BY_TNCC[tncc] + name
    first = normalize(name[:1])
    return ("d'" if first in {"a", "e", "i", "o", "u", "y", "h"} else "de ") + name
