"""Routed and followed: the service's queue in the admin, public statuses with their dates, the
reporter and the confirmers told of each step, internal notes, reopening, overdue reports."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from factories import page_text
from helpers import make_report
from street_report_helpers import BEAUVAIS, CREIL, jpeg

from civic.dialogue.models.notifications import Notification
from civic.dialogue.services.notifications import deliver_digest
from civic.reports import services
from civic.reports.models import StreetReport

pytestmark = pytest.mark.usefixtures("portal_territory")
QUEUE = "/admin/signalements-de-rue/"


@pytest.fixture
def report(people, pothole):
    report = make_report(user=people["reporter"], category=pothole, point=BEAUVAIS)
    services.confirm(user=people["citizen"], report=report)
    return report


def status(client, report, **data):
    return client.post(f"/signalements/{report.pk}/etat/", data)


def test_the_roads_agent_takes_plans_and_resolves_and_everyone_sees_each_dated_step(
    client, people, report
):
    client.force_login(people["agent"])
    assert status(client, report, status="taken", text="Équipe prévenue.").status_code == 302
    assert status(client, report, status="planned", planned_for="2030-03-04").status_code == 302
    response = status(client, report, status="resolved", resolution_photo=jpeg("apres.jpg"))
    assert response.status_code == 302
    client.logout()
    text = page_text(client.get(f"/signalements/{report.pk}/"))
    for step in ("Reçu", "Pris en charge", "Planifié", "(pour le 4 mars 2030)", "Résolu"):
        assert step in text
    assert "Équipe prévenue." in text
    assert "Photo après l’intervention" in text
    report.refresh_from_db()
    assert report.assigned_to == people["agent"] and report.days_to_resolve == 0


def test_the_reporter_and_the_confirmer_are_told_in_their_digest(client, people, report):
    services.change_status(user=people["agent"], report=report, status="taken")
    rows = Notification.objects.filter(street_report=report)
    assert {n.recipient_id for n in rows} == {people["reporter"].pk, people["citizen"].pk}
    assert deliver_digest(people["citizen"].pk)
    body = mail.outbox[-1].body
    assert "Nid-de-poule — Beauvais : Pris en charge" in body
    assert f"/signalements/{report.pk}/" in body


def test_each_status_asks_for_what_the_public_must_know(client, people, report):
    client.force_login(people["agent"])
    assert "Indiquez la date prévue" in page_text(status(client, report, status="planned"))
    assert "Joignez une photo après" in page_text(status(client, report, status="resolved"))
    text = page_text(status(client, report, status="rejected", reject_reason="not_competent"))
    assert "Indiquez l'autorité compétente" in text
    report.refresh_from_db()
    assert report.status == "received"


def test_not_our_competence_names_the_authority_and_a_duplicate_links_the_original(
    client, people, pothole, report
):
    client.force_login(people["agent"])
    status(
        client,
        report,
        status="rejected",
        reject_reason="not_competent",
        responsible_authority="Département de l'Oise, routes départementales",
    )
    assert "Département de l'Oise, routes départementales" in page_text(
        client.get(f"/signalements/{report.pk}/")
    )
    twin = make_report(user=people["citizen"], category=pothole, point=CREIL)
    status(client, twin, status="rejected", reject_reason="duplicate", duplicate_of=report.pk)
    assert (
        f'href="/signalements/{report.pk}/"'
        in client.get(f"/signalements/{twin.pk}/").content.decode()
    )


def test_a_private_property_refusal_gives_its_reason(client, people, report):
    client.force_login(people["agent"])
    status(
        client,
        report,
        status="rejected",
        reject_reason="private_property",
        text="Ce parking appartient à la copropriété.",
    )
    text = page_text(client.get(f"/signalements/{report.pk}/"))
    assert "Propriété privée" in text and "appartient à la copropriété" in text


def test_internal_notes_are_never_shown_to_the_public_or_the_reporter(client, people, report):
    client.force_login(people["agent"])
    client.post(f"/signalements/{report.pk}/note/", {"text": "Voir avec l'entreprise Durand"})
    assert "entreprise Durand" in page_text(client.get(f"/signalements/{report.pk}/"))
    for role in ("reporter", "citizen", "other_agent"):
        client.force_login(people[role])
        assert "entreprise Durand" not in page_text(client.get(f"/signalements/{report.pk}/"))


def test_the_problem_back_within_30_days_reopens_the_report_and_not_after(client, people, report):
    services.change_status(
        user=people["agent"], report=report, status="resolved", resolution_photo=_photo()
    )
    client.force_login(people["reporter"])
    client.post(f"/signalements/{report.pk}/rouvrir/", {"text": "Le trou est revenu."})
    report.refresh_from_db()
    assert report.status == "received"
    assert "Rouvert" in page_text(client.get(f"/signalements/{report.pk}/"))
    services.change_status(
        user=people["agent"], report=report, status="resolved", resolution_photo=_photo()
    )
    StreetReport.objects.filter(pk=report.pk).update(
        resolved_at=timezone.now() - timedelta(days=31)
    )
    client.post(f"/signalements/{report.pk}/rouvrir/", {"text": "Encore."})
    report.refresh_from_db()
    assert report.status == "resolved"


def _photo():
    from civic.reports.photos import process

    return process(jpeg())


def test_overdue_reports_are_highlighted_for_the_service_not_for_the_public(client, people, report):
    StreetReport.objects.filter(pk=report.pk).update(
        response_due_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(people["agent"])
    assert "En retard" in page_text(client.get(f"/signalements/{report.pk}/"))
    assert "En retard" in page_text(client.get(QUEUE))
    client.force_login(people["citizen"])
    assert "En retard" not in page_text(client.get(f"/signalements/{report.pk}/"))


def test_each_agent_sees_the_queue_of_their_own_service(client, people, report, streetlight):
    lamp = make_report(user=people["citizen"], category=streetlight, point=BEAUVAIS)
    client.force_login(people["agent"])
    text = page_text(client.get(QUEUE))
    assert f"n° {report.pk} — Nid-de-poule" in text and f"n° {lamp.pk}" not in text
    assert "1 signalement" in text
    client.force_login(people["other_agent"])
    text = page_text(client.get(QUEUE))
    assert f"n° {lamp.pk} — Lampadaire" in text and f"n° {report.pk} —" not in text
    client.force_login(people["staff"])
    text = page_text(client.get(QUEUE))
    assert f"n° {lamp.pk}" in text and f"n° {report.pk}" in text
    client.force_login(people["citizen"])
    assert client.get(QUEUE).status_code in (302, 403)


def test_bulk_actions_take_in_charge_and_assign_within_the_service(client, people, pothole, report):
    other = make_report(user=people["citizen"], category=pothole, point=CREIL)
    client.force_login(people["agent"])
    client.post(QUEUE + "actions/", {"report": [report.pk, other.pk], "action": "take"})
    assert set(StreetReport.objects.values_list("status", flat=True)) == {"taken"}
    client.post(
        QUEUE + "actions/",
        {"report": [report.pk], "action": f"assign:{people['other_agent'].pk}"},
    )
    report.refresh_from_db()
    assert report.assigned_to == people["agent"]  # not an agent of the roads service
    client.post(QUEUE + "actions/", {"report": [report.pk], "action": "assign:"})
    report.refresh_from_db()
    assert report.assigned_to is None


def test_an_agent_cannot_bulk_handle_another_services_reports(client, people, report):
    client.force_login(people["other_agent"])
    client.post(QUEUE + "actions/", {"report": [report.pk], "action": "take"})
    report.refresh_from_db()
    assert report.status == "received"


def test_the_queue_filters_overdue_reports(client, people, pothole, report):
    late = make_report(user=people["citizen"], category=pothole, point=CREIL)
    StreetReport.objects.filter(pk=late.pk).update(
        response_due_at=timezone.now() - timedelta(days=2)
    )
    client.force_login(people["agent"])
    text = page_text(client.get(QUEUE + "?overdue=true"))
    assert f"n° {late.pk} —" in text and f"n° {report.pk} —" not in text


def test_the_dashboard_counts_open_and_overdue_per_service_and_months(client, people, report):
    StreetReport.objects.filter(pk=report.pk).update(
        response_due_at=timezone.now() - timedelta(days=2)
    )
    client.force_login(people["staff"])
    text = page_text(client.get(QUEUE + "tableau-de-bord/"))
    assert "Voirie" in text and "Éclairage public" in text
    assert "⚠ 1" in text
    assert "Délai médian de résolution" in text
