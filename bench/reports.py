"""Street reports for the benchmark: 200,000 at scale 1 across the département (a third
resolved), their targets (the map's data for a commune and for the whole département, the
filtered list, a report's page) and the separate timing of a report sent with 3 photos."""

import io
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from PIL import Image

from civic.common.fields import commune_label
from civic.reports.models import StreetReport, StreetReportCategory, StreetReportService
from civic.territories import outlines
from civic.territories.models import Territory

BATCH = 5_000
SERVICES = {
    "Voirie": ["Nid-de-poule", "Trottoir abîmé", "Signalisation"],
    "Éclairage public": ["Lampadaire en panne"],
    "Propreté": ["Dépôt sauvage", "Tags"],
    "Espaces verts": ["Arbre tombé"],
}
OISE_BBOX = (1.68, 49.05, 3.17, 49.77)


def _categories():
    categories = []
    for service_name, names in SERVICES.items():
        service, _ = StreetReportService.objects.get_or_create(name=service_name)
        for name in names:
            category, _ = StreetReportCategory.objects.get_or_create(name=name, service=service)
            categories.append(category)
    return categories


@transaction.atomic
def seed_street_reports(seeder):
    wanted = seeder.counts["street_reports"]
    existing = StreetReport.objects.count()
    if existing >= wanted:
        return existing
    categories = _categories()
    boxes = {code: box for code, box, _polygons in outlines._communes(seeder.departement_code)}
    communes = [
        c
        for c in Territory.objects.within(seeder.departement)
        .communes()
        .only("id", "code", "population")
        if c.code in boxes
    ]
    weights = [max(c.population, 1) for c in communes]
    reporters = list(seeder_users(seeder).values_list("pk", flat=True)[:5000])
    rng = seeder.random
    now = timezone.now()
    statuses = ["received", "taken", "planned", "resolved", "resolved", "rejected"]
    for start in range(existing, wanted, BATCH):
        rows = []
        for commune in rng.choices(communes, weights=weights, k=min(BATCH, wanted - start)):
            west, south, east, north = boxes[commune.code]
            created = now - timedelta(days=rng.random() * 365, seconds=rng.randrange(86400))
            status = rng.choice(statuses)
            resolved = None
            days = None
            if status in ("resolved", "rejected"):
                days = rng.randrange(0, 40)
                resolved = min(created + timedelta(days=days, hours=rng.randrange(24)), now)
            category = rng.choice(categories)
            rows.append(
                StreetReport(
                    category=category,
                    commune=commune,
                    latitude=rng.uniform(south, north),
                    longitude=rng.uniform(west, east),
                    description="Signalement du banc d'essai.",
                    reporter_id=rng.choice(reporters) if reporters else None,
                    status=status,
                    created_at=created,
                    status_changed_at=resolved or created,
                    response_due_at=created + timedelta(days=category.target_days),
                    resolved_at=resolved,
                    days_to_resolve=days if status == "resolved" else None,
                    confirmations_count=rng.randrange(0, 4),
                )
            )
        StreetReport.objects.bulk_create(rows, batch_size=BATCH)
    return StreetReport.objects.count()


def seeder_users(seeder):
    from bench.seed import bench_accounts

    return bench_accounts().order_by("pk")


def report_targets(departement, big_commune):
    """(Target | None, reason) pairs for the reports' pages."""
    from bench.targets import Target

    report = StreetReport.objects.public().order_by("pk").first()
    if report is None:
        return [(None, "no street report")]
    category = StreetReportCategory.objects.order_by("pk").first()
    targets = []
    box = outlines._bounds(departement.code) or OISE_BBOX
    bbox = ",".join(f"{v:.4f}" for v in box)
    targets.append(
        (Target("reports_map_departement", f"/signalements/carte.geojson?bbox={bbox}&zoom=9"), "")
    )
    if big_commune is not None:
        commune_box = next(
            (b for code, b, _p in outlines._communes(departement.code) if code == big_commune.code),
            None,
        )
        if commune_box:
            bbox = ",".join(f"{v:.4f}" for v in commune_box)
            targets.append(
                (
                    Target(
                        "reports_map_commune", f"/signalements/carte.geojson?bbox={bbox}&zoom=13"
                    ),
                    "",
                )
            )
        from urllib.parse import urlencode

        query = urlencode(
            {"category": category.pk, "status": "received", "commune": commune_label(big_commune)}
        )
        targets.append((Target("reports_list_filtered", f"/signalements/?{query}"), ""))
    targets.append((Target("report_page", report.get_absolute_url()), ""))
    return targets


def _jpeg(n):
    image = Image.new("RGB", (3000, 2250), (40 * n % 255, 90, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    out.seek(0)
    out.name = f"photo-{n}.jpg"
    return out


def time_report_creation():
    """A signed-in citizen sends a report with three 3000×2250 photos, through the form."""
    from bench.targets import the_bench_visitor
    from bench.timings import portal_client

    category = StreetReportCategory.objects.order_by("pk").first()
    if category is None:
        return {"seconds": 0.0, "detail": "not measured: no category"}
    user = the_bench_visitor()
    client = portal_client()
    client.force_login(user)
    centre = (
        outlines.commune_centre(user.profile.home_commune.code)
        if user.profile.home_commune_id
        else None
    )
    lat, lon = centre or (49.4295, 2.0807)
    data = {
        "category": category.pk,
        "description": "Un trou dans la chaussée.",
        "latitude": f"{lat:.6f}",
        "longitude": f"{lon:.6f}",
        "duplicates_seen": "on",
        "commune": commune_label(user.profile.home_commune) if user.profile.home_commune_id else "",
        "photos": [_jpeg(n) for n in range(3)],
    }
    started = time.perf_counter()
    response = client.post("/signalements/nouveau/", data, secure=True, HTTP_HOST="127.0.0.1")
    seconds = time.perf_counter() - started
    created = StreetReport.objects.filter(reporter=user).order_by("-pk").first()
    detail = f"HTTP {response.status_code}, 3 photos of 3000×2250 resized and stripped"
    if created is not None and response.status_code == 302:
        for photo in created.photos.all():
            photo.image.delete(save=False)
        created.delete()  # measured, not kept
    else:
        detail += " (not created)"
    return {"seconds": round(seconds, 3), "detail": detail}
