"""Street reports in the personal data export, and what deleting an account leaves of them:
the reports stay (public interest), without the person."""

from typing import TYPE_CHECKING, Any

from civic.reports.models import StreetReport, StreetReportConfirmation, StreetReportNote

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def street_reports_data(*, user: "User") -> dict[str, list[dict[str, Any]]]:
    reports = StreetReport.objects.filter(reporter=user).select_related("category", "commune")
    confirmed = StreetReportConfirmation.objects.filter(user=user).select_related(
        "report__category", "report__commune"
    )
    return {
        "signalements_de_rue": [
            {
                "numero": r.pk,
                "categorie": r.category.name,
                "commune": r.commune.name,
                "adresse": r.address,
                "latitude": r.latitude,
                "longitude": r.longitude,
                "description": r.description,
                "anonyme_pour_le_public": r.anonymous,
                "etat": r.status,
                "recu_le": r.created_at.isoformat(),
                "photos": r.photos.count(),
            }
            for r in reports
        ],
        "signalements_de_rue_confirmes": [
            {
                "numero": c.report_id,
                "categorie": c.report.category.name,
                "commune": c.report.commune.name,
                "confirme_le": c.created_at.isoformat(),
            }
            for c in confirmed
        ],
    }


def forget_street_reports(*, user: "User") -> None:
    """Before the account goes: its reports are kept, their reporter removed (the foreign key
    is emptied by the deletion); its internal notes lose the name; confirmations go with it."""
    StreetReportNote.objects.filter(author=user).update(author_name="Compte supprimé")
