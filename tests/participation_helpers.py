"""Helpers the participation tests share (not in conftest: pytest imports every conftest under
one name)."""


def fresh(user):
    """The same user without the per-request caches."""
    if user is None:
        return None
    user.refresh_from_db()
    for name in ("_civic_confirmed", "_civic_mandate_covers", "_civic_home_within"):
        if hasattr(user, name):
            delattr(user, name)
    return user
