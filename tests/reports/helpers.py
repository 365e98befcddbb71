"""Building reports in tests through the services, as the views do."""

from civic.reports import services
from civic.territories.models import Territory


def make_report(*, user, category, point, description="Un trou profond sur la chaussée.", **kw):
    commune = kw.pop("commune", None) or Territory.objects.get(kind="commune", code="60057")
    return services.create_report(
        user=user,
        category=category,
        commune=commune,
        latitude=point[0],
        longitude=point[1],
        description=description,
        **kw,
    )
