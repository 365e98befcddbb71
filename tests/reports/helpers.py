"""Building reports in tests through the services, as the views do."""

from civic.reports import services
from civic.territories.models import Territory


def make_report(*, user, category, point, description="Un trou profond sur la chaussée.", **kw):
    from civic.territories.outlines import commune_code_at

    code = commune_code_at(point[0], point[1], ["60"]) or "60057"
    commune = kw.pop("commune", None) or Territory.objects.get(kind="commune", code=code)
    return services.create_report(
        user=user,
        category=category,
        commune=commune,
        latitude=point[0],
        longitude=point[1],
        description=description,
        **kw,
    )


def many_reports(count, *, category, user=None, status="received", around=(49.4295, 2.0807)):
    """`count` reports scattered around a point of Beauvais, written in one statement."""
    from django.utils import timezone

    from civic.reports.models import StreetReport

    commune = Territory.objects.get(kind="commune", code="60057")
    now = timezone.now()
    return StreetReport.objects.bulk_create(
        StreetReport(
            category=category,
            commune=commune,
            latitude=around[0] + (i % 40) * 0.0003,
            longitude=around[1] + (i // 40) * 0.0003,
            description=f"Problème {i}",
            reporter=user,
            status=status,
            created_at=now,
            status_changed_at=now,
        )
        for i in range(count)
    )
