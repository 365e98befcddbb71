"""Street reports of the demo: the council's services and the categories residents choose from
(the same as the benchmark's). No report is made up: residents make them."""

from django.utils.translation import gettext as _

from civic.reports.models import StreetReportCategory, StreetReportService

# Service: [(category, target response days)]
SERVICES = {
    "Voirie": [("Nid-de-poule", 5), ("Trottoir abîmé", 10), ("Signalisation", 7)],
    "Éclairage public": [("Lampadaire en panne", 5)],
    "Propreté": [("Dépôt sauvage", 3), ("Tags", 15)],
    "Espaces verts": [("Arbre tombé", 2)],
}


def create_reports_demo():
    """Services and categories, created once; what was created, in words."""
    created = 0
    for order, (service_name, categories) in enumerate(SERVICES.items()):
        service, _created = StreetReportService.objects.get_or_create(name=service_name)
        for rank, (name, days) in enumerate(categories):
            _category, was_created = StreetReportCategory.objects.get_or_create(
                name=name,
                service=service,
                defaults={"target_days": days, "order": order * 10 + rank},
            )
            created += was_created
    if not created:
        return []
    return [_("%(count)d catégories de signalement") % {"count": created}]
