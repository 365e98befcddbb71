"""Django's PostgreSQL backend, with statements that match words planned for their words.

psycopg prepares a statement once a connection has run it five times (see settings), and after
five more runs PostgreSQL may keep one generic plan for it, made without the values. For most
statements that is the point: a page's joined query is planned once, not on every request. For a
statement matching a pattern (`LIKE`) or a text query (`@@`), the generic plan cannot know how
common the words are: it takes « jardin partagé » for a rare match (1 discussion estimated,
3,392 found) and sorts them all before keeping five, 29 ms where the plan made for the words walks
the activity index in 0.6 ms (search at département scale). Those statements are never prepared,
so PostgreSQL plans each one with its values.
"""

from django.db.backends.postgresql import base

MATCHING = (" LIKE ", " @@ ")


class MatchPlanningCursor(base.ServerBindingCursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        if prepare is None and isinstance(query, str) and any(op in query for op in MATCHING):
            prepare = False
        return super().execute(query, params, prepare=prepare, binary=binary)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if params.get("cursor_factory") is base.ServerBindingCursor:
            params["cursor_factory"] = MatchPlanningCursor
        return params
