"""Per-account rate limits kept in the cache ("10/m": ten per minute, "100/h", "500/d")."""

import time

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """ "10/m" -> (10, 60); "" or "0" disables the limit (None)."""
    rate = (rate or "").strip()
    if not rate or rate == "0":
        return None
    try:
        count, period = rate.split("/")
        return int(count), _PERIODS[period.strip().lower()[:1]]
    except (ValueError, KeyError):
        raise ImproperlyConfigured(
            f"Invalid rate {rate!r}: expected a count and a period, like '10/m'."
        ) from None


def hit(scope, key, rate):
    """Count one action; False when it goes beyond `rate` within the current window."""
    parsed = parse_rate(rate)
    if parsed is None:
        return True
    limit, period = parsed
    window = int(time.time() // period)
    cache_key = f"civic:rate:{scope}:{key}:{window}"
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window's first action starts its counter
        count = 1 if cache.add(cache_key, 1, timeout=period + 1) else cache.incr(cache_key)
    return count <= limit
