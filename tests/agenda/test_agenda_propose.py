"""Members propose, edit and cancel events from the site; « Mes événements » lists them."""

import json
from datetime import timedelta
from io import BytesIO

import pytest
from agenda_factories import event_form_data
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factories import page_text
from PIL import Image

from agenda.models import Event, EventChangeLog


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def test_a_verified_association_publishes_at_once(client, association):
    client.force_login(association)
    response = client.post("/agenda/proposer/", event_form_data())
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert event.status == Event.Status.PUBLISHED
    assert event.organiser_profile == association.profile
    assert timezone.localtime(event.starts_at).strftime("%H:%M") == "20:30"
    assert event.commune.name == "Creil"
    assert event.description.startswith("<p>Chants du monde.</p>")
    assert 'href="https://chorale.example.fr"' in event.description
    assert event.occurrences.count() == 1
    page = page_text(client.get(event.get_absolute_url()))
    assert "L'événement est publié dans l'agenda." in page
    assert "Accessible en fauteuil roulant" in page


def test_a_citizen_submits_and_the_event_waits_for_moderation(client, roles):
    client.force_login(roles["citizen"])
    page = page_text(client.get("/agenda/proposer/"))
    assert "relu par l'équipe de modération" in page
    client.post("/agenda/proposer/", event_form_data())
    event = Event.objects.get()
    assert event.status == Event.Status.SUBMITTED
    assert client.get(event.get_absolute_url()).status_code == 200  # the author sees it
    client.logout()
    assert client.get(event.get_absolute_url()).status_code == 404
    assert "Concert de la chorale" not in page_text(client.get("/agenda/"))


def test_unconfirmed_members_are_asked_to_confirm_and_visitors_to_log_in(client, roles):
    assert client.get("/agenda/proposer/")["Location"].startswith("/compte/login/")
    client.force_login(roles["unconfirmed"])
    response = client.get("/agenda/proposer/")
    assert response.status_code == 403
    assert "confirmez d'abord votre adresse" in page_text(response)
    client.post("/agenda/proposer/", event_form_data())
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Champ requis."),
        ({"start_time": ""}, "start_time", "Indiquez l'heure de début"),
        ({"end_time": "19:00"}, "end_time", "La fin doit venir après le début."),
        ({"commune": ""}, "commune", "Indiquez la commune du lieu, ou un lien"),
        ({"commune": "Amiens"}, "commune", "Aucune commune ne correspond à « Amiens »"),
        ({"is_free": None}, "price", "Indiquez le tarif, ou cochez « gratuit »."),
        (
            {"frequency": "custom", "custom_rrule": "FREQ=HOURLY"},
            "custom_rrule",
            "plus d'une fois par jour",
        ),
        ({"frequency": "weekly", "exceptions": "32/13/2026"}, "exceptions", "n'est pas une date"),
    ],
)
def test_mistakes_are_explained_in_french_and_nothing_is_saved(
    client, association, overrides, field, message
):
    client.force_login(association)
    response = client.post("/agenda/proposer/", event_form_data(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert len(response.context["form"].errors[field]) == 1
    assert "Le formulaire contient" in page_text(response)
    assert not Event.objects.exists()


def test_an_all_day_multi_day_weekly_event_with_exceptions(client, association):
    client.force_login(association)
    day = timezone.localdate() + timedelta(days=3)
    client.post(
        "/agenda/proposer/",
        event_form_data(
            all_day="on",
            start_time="",
            end_time="",
            end_date=f"{day + timedelta(days=1):%Y-%m-%d}",
            start_date=f"{day:%Y-%m-%d}",
            frequency="weekly",
            until=f"{day + timedelta(days=28):%Y-%m-%d}",
            exceptions=f"{day + timedelta(days=14):%d/%m/%Y}",
        ),
    )
    event = Event.objects.get()
    assert event.all_day
    assert event.last_day == day + timedelta(days=1)
    starts = [timezone.localtime(o.starts_at).date() for o in event.occurrences.all()]
    assert starts == [day + timedelta(days=n) for n in (0, 7, 21, 28)]


def _png():
    buffer = BytesIO()
    Image.new("RGB", (60, 40), "#0b4a6f").save(buffer, format="PNG")
    return SimpleUploadedFile("affiche.png", buffer.getvalue(), content_type="image/png")


def test_an_image_needs_its_alternative_text(client, association):
    client.force_login(association)
    response = client.post("/agenda/proposer/", event_form_data(image_file=_png()))
    assert "Décrivez l'image" in " ".join(response.context["form"].errors["image_alt"])
    client.post(
        "/agenda/proposer/", event_form_data(image_file=_png(), image_alt="L'affiche du concert")
    )
    event = Event.objects.get()
    assert event.image.title == "Concert de la chorale"
    assert 'alt="L\'affiche du concert"' in page_text(client.get(event.get_absolute_url()))


def test_editing_a_published_event_keeps_it_published_and_logs_the_change(
    client, association, published
):
    client.force_login(association)
    form = client.get(f"/agenda/evenement/{published.pk}/modifier/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(event_form_data(title="Concert de printemps (complet)", start_time="21:00"))
    data["save"] = ""
    response = client.post(f"/agenda/evenement/{published.pk}/modifier/", data)
    assert response.status_code == 302, response.context["form"].errors
    published.refresh_from_db()
    assert published.status == Event.Status.PUBLISHED
    assert published.sequence == 1
    change = published.changes.first()
    assert change.action == EventChangeLog.Action.EDITED
    assert {"title", "starts_at"} <= set(change.fields)
    assert change.user == association
    page = page_text(client.get(published.get_absolute_url()))
    assert "Historique" in page and "Modifié par Creil" in page


def test_someone_else_cannot_edit_or_cancel(client, other_association, published):
    client.force_login(other_association)
    assert client.get(f"/agenda/evenement/{published.pk}/modifier/").status_code == 403
    assert client.post(f"/agenda/evenement/{published.pk}/annuler/").status_code == 403
    published.refresh_from_db()
    assert published.status == Event.Status.PUBLISHED


def test_cancelling_keeps_the_event_visible_as_cancelled_with_its_reason(
    client, association, published
):
    client.force_login(association)
    client.post(f"/agenda/evenement/{published.pk}/annuler/", {"reason": "Alerte orage"})
    published.refresh_from_db()
    assert published.status == Event.Status.CANCELLED
    assert published.sequence == 1
    page = page_text(client.get(published.get_absolute_url()))
    assert "Annulé" in page and "Alerte orage" in page
    assert published.changes.first().action == EventChangeLog.Action.CANCELLED


def test_drafts_are_saved_then_published(client, association):
    client.force_login(association)
    data = event_form_data()
    data.pop("submit")
    data["draft"] = ""
    client.post("/agenda/proposer/", data)
    event = Event.objects.get()
    assert event.status == Event.Status.DRAFT
    form = client.get(f"/agenda/evenement/{event.pk}/modifier/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(event_form_data())
    client.post(f"/agenda/evenement/{event.pk}/modifier/", data)
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_my_events_lists_what_i_proposed_with_its_state(client, roles, make_event):
    citizen = roles["citizen"]
    make_event(citizen, "Vide-grenier")
    client.force_login(citizen)
    page = page_text(client.get("/agenda/mes-evenements/"))
    assert "Vide-grenier" in page
    assert "En attente de validation" in page
    assert "Importer un calendrier" not in page


def test_staff_announce_events_for_the_council(client, roles):
    client.force_login(roles["communication"])
    client.post("/agenda/proposer/", event_form_data(organiser_kind="council"))
    event = Event.objects.get()
    assert event.organiser_kind == Event.OrganiserKind.COUNCIL
    assert event.status == Event.Status.PUBLISHED
    assert "Département de l'Oise" in page_text(client.get(event.get_absolute_url()))


def test_no_email_is_sent_when_publishing_directly(client, association):
    client.force_login(association)
    client.post("/agenda/proposer/", event_form_data())
    assert mail.outbox == []


def test_my_events_are_part_of_my_personal_data(client, roles, make_event):
    make_event(roles["citizen"], "Vide-grenier")
    client.force_login(roles["citizen"])
    data = json.loads(client.get("/mon-compte/mes-donnees.json").content)
    assert [e["titre"] for e in data["evenements"]] == ["Vide-grenier"]
    assert data["evenements"][0]["etat"] == "submitted"
