"""The session engine: Django's cached_db, each row naming its account (MemberSession).

Django documents this extension ("Extending database-backed session engines"). Its cache keys
are cached_db's own and migration 0012 moved the rows over, so the switch signs nobody out.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from civic.people.member_session import MemberSession


class SessionStore(CachedDBStore):
    @classmethod
    def get_model_class(cls):
        return MemberSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        instance.account_key = str(data.get(SESSION_KEY) or "")[:64]
        return instance


def end_sessions(*, user):
    """Sign `user` out everywhere: each session's database row and cache entry."""
    keys = list(
        MemberSession.objects.filter(account_key=str(user.pk)).values_list("session_key", flat=True)
    )
    for key in keys:
        SessionStore(session_key=key).delete()
    return len(keys)
