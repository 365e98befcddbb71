"""Whose commune is this visit about, and what is around it? The news index and the portal's
blocks ask here.

A signed-in member's commune is the one on their profile; an anonymous visitor's is the one
they chose (« Près de chez moi », or « changer » in the header), kept in the session under
`civic_commune_id`. Content is then ranked the most specific first: see
civic.territories.proximity.
"""

from civic.territories.visitors import (
    SESSION_KEY,
    freshness_since,
    visitor_commune,
    visitor_vicinity,
)

SESSION_COMMUNE_KEY = SESSION_KEY

__all__ = ["SESSION_COMMUNE_KEY", "freshness_since", "visitor_commune", "visitor_vicinity"]
