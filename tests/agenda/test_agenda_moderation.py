"""Modération approves or rejects proposed events from a queue in the Wagtail admin."""

import pytest
from factories import page_text

from agenda.models import Event, EventCategory, EventChangeLog
from agenda.services.events import decide_event, update_event


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


@pytest.fixture
def submitted(roles, make_event):
    return make_event(roles["citizen"], "Vide-grenier de la rue Jean-Jaurès")


def test_moderators_see_the_queue_with_its_count(client, roles, submitted):
    client.force_login(roles["moderator"])
    dashboard = client.get("/admin/").content.decode()
    assert "Agenda \\u00e0 valider (1)" in dashboard or "Agenda à valider (1)" in dashboard
    queue = page_text(client.get("/admin/agenda/moderation/"))
    assert "1 événement en attente" in queue
    assert "Vide-grenier de la rue Jean-Jaurès" in queue
    assert "Camille Durand" in queue


def test_approving_publishes_logs_and_emails_the_person(
    client, roles, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(roles["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/agenda/moderation/{submitted.pk}/", {"decision": "approve", "reason": ""}
        )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Event.Status.PUBLISHED
    assert submitted.changes.first().action == EventChangeLog.Action.APPROVED
    assert submitted.changes.first().user == roles["moderator"]
    assert mailoutbox[-1].to == [roles["citizen"].email]
    assert "est publié" in mailoutbox[-1].subject
    assert submitted.get_absolute_url() in mailoutbox[-1].body
    client.logout()
    assert "Vide-grenier" in page_text(client.get("/agenda/"))


def test_rejecting_needs_a_reason_which_is_emailed_and_shown_to_the_person(
    client, roles, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(roles["moderator"])
    response = client.post(
        f"/admin/agenda/moderation/{submitted.pk}/", {"decision": "reject", "reason": ""}
    )
    assert "Indiquez le motif du refus" in page_text(response)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/agenda/moderation/{submitted.pk}/",
            {"decision": "reject", "reason": "Ajoutez l'adresse exacte du vide-grenier."},
        )
    submitted.refresh_from_db()
    assert submitted.status == Event.Status.REJECTED
    assert "Ajoutez l'adresse exacte" in mailoutbox[-1].body
    assert "n'a pas été publié" in mailoutbox[-1].subject
    client.force_login(roles["citizen"])
    mine = page_text(client.get("/agenda/mes-evenements/"))
    assert "Refusé" in mine and "Ajoutez l'adresse exacte" in mine


def test_a_rejected_event_corrected_is_submitted_again(client, roles, submitted, moderator):
    decide_event(event=submitted, moderator=moderator, approve=False, reason="Précisez l'heure.")
    update_event(
        event=submitted, editor=roles["citizen"], submit=True, venue_name="Rue Jean-Jaurès"
    )
    submitted.refresh_from_db()
    assert submitted.status == Event.Status.SUBMITTED
    assert submitted.rejection_reason == ""


@pytest.mark.parametrize("role", ["communication", "verified_association", "citizen"])
def test_only_moderators_reach_the_queue(client, roles, role, submitted):
    client.force_login(roles[role])
    response = client.get("/admin/agenda/moderation/")
    assert response.status_code in (302, 403)
    assert "Vide-grenier" not in page_text(response)
    client.post(f"/admin/agenda/moderation/{submitted.pk}/", {"decision": "approve"})
    submitted.refresh_from_db()
    assert submitted.status == Event.Status.SUBMITTED


def test_staff_edit_the_list_of_categories_as_snippets(client, roles):
    client.force_login(roles["communication"])
    listing = page_text(client.get("/admin/snippets/agenda/eventcategory/"))
    assert "Réunion publique" in listing and "Cinéma" in listing
    response = client.post(
        "/admin/snippets/agenda/eventcategory/add/",
        {"name": "Balade nature", "slug": "balade-nature", "order": 20},
    )
    assert response.status_code == 302
    assert EventCategory.objects.filter(slug="balade-nature").exists()


@pytest.mark.parametrize("waiting", [1, 20])
def test_the_queue_costs_the_same_queries_whether_one_or_twenty_events_wait(
    client, roles, make_event, waiting, django_assert_num_queries
):
    for number in range(waiting):
        make_event(roles["citizen"], f"Vide-grenier n° {number}")
    client.force_login(roles["moderator"])
    client.get("/admin/agenda/moderation/")  # the admin's own caches warmed, as after a first page
    # The user, their permissions (two queries) and admin profile, the locales, three kinds of
    # group permissions, the four counts of the menu (participation's reports among them), then the queue: the categories to filter
    # by, its count, its page, the recent decisions.
    with django_assert_num_queries(16):
        response = client.get("/admin/agenda/moderation/")
    queue = page_text(response)
    assert f"{waiting} événement" in queue and f"Vide-grenier n° {waiting - 1}" in queue


def test_the_queue_filters_the_events_by_category(client, roles, make_event):
    make_event(roles["citizen"], "Vide-grenier de la rue Jean-Jaurès")
    cinema = EventCategory.objects.get(slug="cinema")
    make_event(roles["citizen"], "Ciné plein air", category=cinema)
    client.force_login(roles["moderator"])
    films = page_text(client.get(f"/admin/agenda/moderation/?category={cinema.pk}"))
    assert "Ciné plein air" in films and "Vide-grenier" not in films
    assert "1 événement en attente" in films


def test_an_event_already_decided_sends_the_moderator_back_to_the_queue(
    client, roles, submitted, moderator
):
    decide_event(event=submitted, moderator=moderator, approve=True)
    client.force_login(roles["moderator"])
    response = client.post(
        f"/admin/agenda/moderation/{submitted.pk}/",
        {"decision": "reject", "reason": "Trop tard"},
        follow=True,
    )
    assert "Cet événement a déjà été traité." in page_text(response)
    submitted.refresh_from_db()
    assert submitted.status == Event.Status.PUBLISHED


def test_the_queue_lists_the_last_decisions_with_the_reason(client, roles, submitted, moderator):
    decide_event(event=submitted, moderator=moderator, approve=False, reason="Précisez l'heure.")
    client.force_login(roles["moderator"])
    queue = page_text(client.get("/admin/agenda/moderation/"))
    assert "Aucun événement en attente." in queue
    assert "Vide-grenier de la rue Jean-Jaurès : " in queue and "« Précisez l'heure. »" in queue
