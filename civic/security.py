"""Brute-force protection glue."""


def axes_username(request, credentials):
    """The identifier a log-in attempt was made for, whichever form sent it.

    allauth posts `login` (an email address), the Wagtail admin posts `username`, and
    authenticate() receives `email` or `username` depending on the backend that is asked.
    """
    for source in (credentials or {}, getattr(request, "POST", {}) or {}):
        for field in ("login", "email", "username"):
            value = source.get(field)
            if value:
                return str(value).strip().lower()
    return ""
