"""Figures of street reports by month: received, resolved, median days to resolution.

Two grouped queries whatever the number of reports: receipts by month, and resolutions by
(month, days to resolution) — a histogram from which each month's median is read.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from civic.reports.models import StreetReport

MONTHS = 12


@dataclass
class Month:
    month: date
    received: int = 0
    resolved: int = 0
    median_days: float | None = None


def _month_start(moment) -> date:
    local = timezone.localtime(moment) if isinstance(moment, timezone.datetime) else moment
    return date(local.year, local.month, 1)


def _months_back(today: date, count: int) -> list[date]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


def _median(histogram: dict[int, int]) -> float | None:
    total = sum(histogram.values())
    if not total:
        return None
    seen = 0
    ordered = sorted(histogram.items())
    lower = upper = None
    for days, count in ordered:
        seen += count
        if lower is None and seen >= (total + 1) / 2:
            lower = days
        if seen >= total / 2 + 1:
            upper = days
            break
    if total % 2:
        return float(lower)  # type: ignore[arg-type]
    return ((lower or 0) + (upper if upper is not None else lower or 0)) / 2


def monthly(reports: "QuerySet[StreetReport]", months: int = MONTHS) -> list[Month]:
    """The last `months` months, oldest first."""
    today = timezone.localdate()
    starts = _months_back(today, months)
    since = timezone.make_aware(timezone.datetime(starts[0].year, starts[0].month, 1))
    table = {start: Month(start) for start in starts}
    received = (
        reports.filter(created_at__gte=since)
        .order_by()
        .annotate(m=TruncMonth("created_at"))
        .values("m")
        .annotate(n=Count("pk"))
    )
    for row in received:
        key = _month_start(row["m"])
        if key in table:
            table[key].received = row["n"]
    resolved = (
        reports.filter(status=StreetReport.Status.RESOLVED, resolved_at__gte=since)
        .order_by()
        .annotate(m=TruncMonth("resolved_at"))
        .values("m", "days_to_resolve")
        .annotate(n=Count("pk"))
    )
    histograms: dict[date, dict[int, int]] = {}
    for row in resolved:
        key = _month_start(row["m"])
        if key in table:
            table[key].resolved += row["n"]
            days = row["days_to_resolve"] or 0
            histograms.setdefault(key, {})[days] = histograms.get(key, {}).get(days, 0) + row["n"]
    for key, histogram in histograms.items():
        table[key].median_days = _median(histogram)
    return [table[start] for start in starts]


def bars(rows: list[Month], attribute: str, *, height: int = 120) -> list[dict[str, object]]:
    """Bar heights for a server-drawn SVG chart (no JavaScript), with the table beside it."""
    values = [getattr(row, attribute) or 0 for row in rows]
    top = max(values) or 1
    return [
        {
            "x": i * 30 + 5,
            "h": round(v / top * height),
            "y": height - round(v / top * height),
            "v": v,
            "month": row.month,
        }
        for i, (v, row) in enumerate(zip(values, rows, strict=True))
    ]
