"""Registrations: places, waiting list, visitors confirmed by email, the organiser's tools."""

import csv
import io
import re
from datetime import timedelta

import pytest
import tablib
from agenda_factories import at
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone
from factories import make_member
from icalendar import Calendar

from agenda import permissions
from agenda.models import AttendeeMessage, Registration, RegistrationOpening
from agenda.services import registrations as services


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    """Runs the emails sent once the transaction commits."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def opened(published, association):
    services.open_registrations(event=published, editor=association, capacity=3)
    published.refresh_from_db()
    return published


def members(n, commune, prefix="Membre"):
    return [
        make_member(first_name=f"{prefix}{i}", last_name="Test", commune=commune) for i in range(n)
    ]


def first_link(mail, kind):
    return re.search(rf"http://\S+/agenda/inscription/{kind}/\S+/", mail.body).group(0)


def path_of(url):
    return "/" + url.split("/", 3)[3]


def test_a_member_registers_in_one_click_and_gets_the_date_in_an_ics_attachment(
    client, opened, roles, mailoutbox, capture
):
    client.force_login(roles["citizen"])
    with capture():
        response = client.post(
            f"/agenda/evenement/{opened.pk}/inscription/",
            {"date": services.date_key(opened.starts_at)},
            follow=True,
        )
    assert "Vous êtes inscrit·e" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.REGISTERED
    assert registration.user == roles["citizen"]
    [mail] = mailoutbox
    assert "Inscription confirmée" in mail.subject
    [(filename, content, mimetype)] = mail.attachments
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    [vevent] = Calendar.from_ical(content).walk("VEVENT")
    assert vevent["SUMMARY"] == opened.title
    assert vevent.decoded("DTSTART") == opened.starts_at
    assert "/agenda/inscription/annuler/" in mail.body


def test_the_event_page_shows_places_left_then_complet(client, opened, roles, creil):
    for user in members(2, creil):
        services.register_member(event=opened, date=opened.starts_at, user=user)
    page = client.get(opened.get_absolute_url()).content.decode()
    assert "1 place" in page
    services.register_member(event=opened, date=opened.starts_at, user=roles["citizen"])
    page = client.get(opened.get_absolute_url()).content.decode()
    assert "Complet" in page
    assert "Rejoindre la liste d'attente" in page


def test_when_full_people_wait_and_a_cancellation_by_the_email_link_promotes_the_first_waiting(
    client, opened, creil, mailoutbox, capture
):
    people = members(5, creil)
    with capture():
        for user in people:
            services.register_member(event=opened, date=opened.starts_at, user=user)
    statuses = [r.status for r in Registration.objects.order_by("pk")]
    assert statuses == ["registered"] * 3 + ["waiting"] * 2
    cancel_url = first_link(mailoutbox[0], "annuler")
    mailoutbox.clear()
    assert "Annuler votre inscription" in client.get(path_of(cancel_url)).content.decode()
    assert Registration.objects.filter(status="registered").count() == 3  # GET changes nothing
    with capture():
        client.post(path_of(cancel_url))
    first_waiting = Registration.objects.get(user=people[3])
    assert first_waiting.status == Registration.Status.REGISTERED
    assert Registration.objects.get(user=people[4]).status == Registration.Status.WAITING
    assert Registration.objects.get(user=people[0]).status == Registration.Status.CANCELLED
    [mail] = mailoutbox
    assert mail.to == [people[3].email]
    assert "Une place s'est libérée" in mail.subject
    assert mail.attachments


def test_a_visitor_registers_with_name_and_email_confirmed_by_a_link_and_no_account(
    client, opened, mailoutbox, capture, django_user_model
):
    accounts = django_user_model.objects.count()
    with capture():
        response = client.post(
            f"/agenda/evenement/{opened.pk}/inscription/",
            {
                "date": services.date_key(opened.starts_at),
                "name": "Zoé Visiteuse",
                "email": "Zoe@Exemple.fr",
            },
            follow=True,
        )
    assert "un courriel vient de vous être envoyé" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.PENDING
    assert registration.email == "zoe@exemple.fr"
    confirm_url = first_link(mailoutbox[0], "confirmer")
    assert not mailoutbox[0].attachments
    with capture():
        client.post(path_of(confirm_url))
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED
    assert django_user_model.objects.count() == accounts
    assert mailoutbox[-1].attachments  # the confirmation, with its .ics


def test_a_tampered_or_expired_link_is_refused_with_a_french_page(client, opened):
    registration = services.register_visitor(
        event=opened, date=opened.starts_at, name="Zoé", email="zoe@exemple.fr"
    )
    token = services.token_for(registration, services.CONFIRM)
    response = client.post(f"/agenda/inscription/confirmer/{token[:-2]}xx/")
    assert response.status_code == 404
    assert "Lien expiré ou incomplet" in response.content.decode()
    # A confirmation link cannot cancel.
    assert client.post(f"/agenda/inscription/annuler/{token}/").status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING


def test_a_second_registration_to_the_same_date_is_refused_in_french(client, opened, roles):
    client.force_login(roles["citizen"])
    data = {"date": services.date_key(opened.starts_at)}
    client.post(f"/agenda/evenement/{opened.pk}/inscription/", data)
    response = client.post(f"/agenda/evenement/{opened.pk}/inscription/", data)
    assert "déjà inscrite à cette date" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_registration_after_closing_is_refused_and_the_typed_answers_are_kept(
    client, published, association
):
    services.open_registrations(
        event=published,
        editor=association,
        capacity=10,
        closes_at=timezone.now() - timedelta(hours=1),
        questions=[{"label": "Nombre d'enfants", "required": True}],
    )
    response = client.post(
        f"/agenda/evenement/{published.pk}/inscription/",
        {
            "date": services.date_key(published.starts_at),
            "name": "Zoé Visiteuse",
            "email": "zoe@exemple.fr",
            "answer_1": "2",
        },
    )
    page = response.content.decode()
    assert "Les inscriptions à cette date sont closes" in page
    assert 'value="Zoé Visiteuse"' in page and 'value="2"' in page
    assert not Registration.objects.exists()


def test_a_required_question_must_be_answered_and_answers_reach_the_organiser(
    client, published, association, roles
):
    services.open_registrations(
        event=published,
        editor=association,
        capacity=10,
        questions=[
            {"label": "Nombre d'enfants", "required": True},
            {"label": "Régime alimentaire", "required": False},
        ],
    )
    client.force_login(roles["citizen"])
    url = f"/agenda/evenement/{published.pk}/inscription/"
    data = {"date": services.date_key(published.starts_at)}
    response = client.post(url, data)
    assert "Champ requis" in response.content.decode()
    assert not Registration.objects.exists()
    client.post(url, {**data, "answer_1": "3"})
    assert Registration.objects.get().answers == {"Nombre d'enfants": "3", "Régime alimentaire": ""}


def test_a_capacity_below_the_people_registered_is_refused_and_nothing_changes(
    client, opened, association, creil
):
    for user in members(3, creil):
        services.register_member(event=opened, date=opened.starts_at, user=user)
    client.force_login(association)
    response = client.post(
        f"/agenda/evenement/{opened.pk}/inscriptions/",
        {"capacity": "2", "reminder_days": "1", "is_open": "on", "question_1": "Allergies"},
    )
    page = response.content.decode()
    assert "3 personnes sont déjà inscrites" in page
    assert 'value="Allergies"' in page
    opening = RegistrationOpening.objects.get()
    assert opening.capacity == 3 and opening.questions == []


def test_more_places_move_the_waiting_list_up(opened, association, creil):
    people = members(5, creil)
    for user in people:
        services.register_member(event=opened, date=opened.starts_at, user=user)
    services.open_registrations(event=opened, editor=association, capacity=4)
    assert Registration.objects.holding_place().count() == 4
    assert Registration.objects.waiting().get().user == people[4]


def test_a_registration_to_a_past_date_cannot_be_cancelled(opened, roles):
    registration = services.register_member(
        event=opened, date=opened.starts_at, user=roles["citizen"]
    )
    Registration.objects.filter(pk=registration.pk).update(date=timezone.now() - timedelta(days=1))
    with pytest.raises(services.RegistrationError, match="Cette date est passée"):
        services.cancel_registration(registration=registration)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_each_date_of_a_recurring_event_has_its_own_places(make_event, association, creil):
    market = make_event(association, "Marché du mardi", rrule="FREQ=WEEKLY;COUNT=4")
    services.open_registrations(event=market, editor=association, capacity=1)
    dates = list(market.occurrences.values_list("starts_at", flat=True))
    first, second = members(2, creil)
    assert services.register_member(event=market, date=dates[0], user=first).status == "registered"
    assert services.register_member(event=market, date=dates[1], user=second).status == "registered"
    assert services.register_member(event=market, date=dates[0], user=second).status == "waiting"
    with pytest.raises(services.RegistrationError, match="pas au programme"):
        services.register_member(event=market, date=dates[0] + timedelta(hours=1), user=first)


def test_attendee_names_never_appear_on_public_pages_or_feeds(client, opened, creil):
    [member] = members(1, creil, prefix="Hortense")
    services.register_member(event=opened, date=opened.starts_at, user=member)
    services.register_visitor(
        event=opened, date=opened.starts_at, name="Barnabé Discret", email="barnabe@exemple.fr"
    )
    for url in [
        opened.get_absolute_url(),
        "/agenda/",
        opened.get_ics_url(),
        "/agenda/ical/",
        f"/agenda/organisateurs/{opened.organiser_profile_id}.ics",
    ]:
        content = client.get(url).content.decode()
        assert "Hortense" not in content and "Barnabé" not in content, url
        assert "barnabe@exemple.fr" not in content, url


def test_listings_show_places_and_the_avec_places_filter_keeps_dates_with_room(
    client, opened, make_event, association, roles
):
    full = make_event(association, "Atelier vélo complet")
    services.open_registrations(event=full, editor=association, capacity=1)
    services.register_member(event=full, date=full.starts_at, user=roles["citizen"])
    make_event(association, "Balade sans inscription")
    page = client.get("/agenda/").content.decode()
    assert "3 places" in page and "Complet" in page
    page = client.get("/agenda/?places=on").content.decode()
    assert opened.title in page
    assert "Atelier vélo complet" not in page and "Balade sans inscription" not in page


@pytest.mark.parametrize("size", [2, 8])
def test_the_agenda_listing_runs_the_same_queries_whatever_the_registrations(
    client, make_event, association, creil, size, django_assert_num_queries, layout_queries
):
    people = members(2, creil)
    for i in range(size):
        event = make_event(association, f"Atelier {i}", days=3 + i)
        services.open_registrations(event=event, editor=association, capacity=5)
        for user in people:
            services.register_member(event=event, date=event.starts_at, user=user)
    client.get("/agenda/")  # caches warmed
    # The listing's own five (count, page, filters' choices), places read in the page's query.
    with django_assert_num_queries(layout_queries + 5):
        response = client.get("/agenda/")
    assert response.content.decode().count("3 places") == size


def test_the_organiser_exports_the_list_as_csv_and_ods_with_the_answers(
    client, published, association, creil
):
    services.open_registrations(
        event=published,
        editor=association,
        capacity=1,
        questions=[{"label": "Régime alimentaire", "required": False}],
    )
    first, second = members(2, creil)
    services.register_member(
        event=published,
        date=published.starts_at,
        user=first,
        answers={"Régime alimentaire": "Végétarien"},
    )
    services.register_member(event=published, date=published.starts_at, user=second)
    client.force_login(association)
    key = services.date_key(published.starts_at)
    response = client.get(f"/agenda/evenement/{published.pk}/inscriptions/{key}/participants.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Nom", "Adresse électronique", "État"]
    assert rows[1][0] == first.get_full_name() and "Végétarien" in rows[1]
    assert rows[2][2] == "Sur liste d'attente"
    response = client.get(f"/agenda/evenement/{published.pk}/inscriptions/{key}/participants.ods")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    sheet = tablib.Dataset().load(response.content, format="ods")
    assert sheet[0][0] == first.get_full_name()


def test_the_organiser_prints_a_sign_in_sheet_and_marks_attendance(
    client, opened, association, creil
):
    first, second = members(2, creil)
    r1 = services.register_member(event=opened, date=opened.starts_at, user=first)
    r2 = services.register_member(event=opened, date=opened.starts_at, user=second)
    client.force_login(association)
    key = services.date_key(opened.starts_at)
    sheet = client.get(
        f"/agenda/evenement/{opened.pk}/inscriptions/{key}/feuille/"
    ).content.decode()
    assert first.get_full_name() in sheet and "Signature" in sheet
    client.post(
        f"/agenda/evenement/{opened.pk}/inscriptions/{key}/",
        {"attendance": "1", "present": [str(r1.pk)]},
    )
    r1.refresh_from_db()
    r2.refresh_from_db()
    assert r1.attended is True and r2.attended is False


def test_someone_else_cannot_see_the_attendees(client, opened, other_association, roles):
    key = services.date_key(opened.starts_at)
    for user in [other_association, roles["citizen"]]:
        client.force_login(user)
        for suffix in ["", "feuille/", "participants.csv"]:
            url = f"/agenda/evenement/{opened.pk}/inscriptions/{key}/{suffix}"
            assert client.get(url).status_code == 403, url
    client.logout()
    response = client.get(f"/agenda/evenement/{opened.pk}/inscriptions/{key}/")
    assert response.status_code == 302


def test_messages_to_the_attendees_of_a_date_are_logged_and_rate_limited(
    client, opened, association, creil, mailoutbox, capture, settings
):
    settings.AGENDA_ATTENDEE_MESSAGE_RATE = "2/d"
    people = members(4, creil)
    for user in people:
        services.register_member(event=opened, date=opened.starts_at, user=user)
    mailoutbox.clear()
    client.force_login(association)
    url = f"/agenda/evenement/{opened.pk}/inscriptions/{services.date_key(opened.starts_at)}/"
    data = {"send_message": "1", "subject": "Salle changée", "body": "Rendez-vous salle B."}
    with capture():
        client.post(url, data)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in people[:3])
    assert "Salle changée" in mailoutbox[0].subject
    message = AttendeeMessage.objects.get()
    assert message.recipients == 3 and message.sender == association
    client.post(url, data)
    response = client.post(url, data)
    page = response.content.decode()
    assert "Trop de messages" in page and "Rendez-vous salle B." in page
    assert AttendeeMessage.objects.count() == 2


def test_the_reminder_goes_once_the_configured_days_before(opened, roles, mailoutbox, association):
    services.register_member(event=opened, date=opened.starts_at, user=roles["citizen"])
    mailoutbox.clear()
    call_command("send_registration_reminders", stdout=io.StringIO())
    assert not mailoutbox  # three days and some hours ahead, one day's notice
    services.open_registrations(event=opened, editor=association, capacity=3, reminder_days=4)
    call_command("send_registration_reminders", stdout=io.StringIO())
    call_command("send_registration_reminders", stdout=io.StringIO())
    [mail] = mailoutbox
    assert mail.subject.startswith("Rappel")


def test_visitors_data_is_purged_30_days_after_the_event_members_stay(opened, roles):
    visitor = services.register_visitor(
        event=opened, date=opened.starts_at, name="Zoé", email="zoe@exemple.fr"
    )
    services.confirm_registration(registration=visitor)
    member = services.register_member(event=opened, date=opened.starts_at, user=roles["citizen"])
    call_command("purge_personal_logs", stdout=io.StringIO())
    assert Registration.objects.count() == 2
    Registration.objects.update(date=opened.starts_at - timedelta(days=40))
    out = io.StringIO()
    call_command("purge_personal_logs", stdout=out)
    assert "agenda.Registration: 1" in out.getvalue()
    assert list(Registration.objects.all()) == [member]


def test_my_data_export_lists_my_registrations_and_deleting_my_account_frees_my_place(
    client, opened, roles, creil, django_capture_on_commit_callbacks, mailoutbox
):
    citizen = roles["citizen"]
    services.register_member(event=opened, date=opened.starts_at, user=citizen)
    people = members(3, creil)
    for user in people:
        services.register_member(event=opened, date=opened.starts_at, user=user)
    client.force_login(citizen)
    data = client.get("/mon-compte/mes-donnees.json").json()
    [entry] = [v for k, v in data.items() if k == "inscriptions"] or [
        data.get("agenda", {}).get("inscriptions")
    ]
    assert entry[0]["evenement"] == opened.title and entry[0]["etat"] == "registered"
    from civic.people.services import delete_account

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=citizen)
    assert not Registration.objects.filter(email=citizen.email).exists()
    assert Registration.objects.get(user=people[2]).status == Registration.Status.REGISTERED
    assert mailoutbox[0].to == [people[2].email]


ROLES = [
    "anonymous",
    "unconfirmed",
    "citizen",
    "pending_association",
    "verified_association",
    "verified_elected",
    "moderator",
    "communication",
]
# action: roles allowed, on an event of the verified association (every other role is refused)
MATRIX = {
    "register": {"anonymous", *ROLES} - {"unconfirmed"},
    "register_in_one_click": set(ROLES) - {"anonymous", "unconfirmed"},
    "manage_registrations_of_own_event": {"verified_association", "moderator"},
    "manage_registrations_of_council_event": {"moderator", "communication"},
}


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_handles_registrations_exactly_as_the_matrix_says(
    roles, published, make_event, role, action
):
    user = roles[role] or AnonymousUser()
    council = make_event(roles["communication"], "Vœux du président", organiser_kind="council")
    decision = {
        "register": lambda: permissions.can_register(user, published),
        "register_in_one_click": lambda: permissions.can_register_in_one_click(user, published),
        "manage_registrations_of_own_event": lambda: permissions.can_manage_registrations(
            user, published
        ),
        "manage_registrations_of_council_event": lambda: permissions.can_manage_registrations(
            user, council
        ),
    }[action]()
    assert decision is (role in MATRIX[action]), f"{role} × {action}"


def test_a_cancelled_event_takes_no_registration(opened, association, roles):
    from agenda.services.events import cancel_event

    cancel_event(event=opened, editor=association)
    opened.refresh_from_db()
    with pytest.raises(services.RegistrationError, match="plus ouvert aux inscriptions"):
        services.register_visitor(event=opened, date=opened.starts_at, name="Zoé", email="z@e.fr")
    assert not permissions.can_register(roles["citizen"], opened)


def test_a_future_date_is_still_at(opened):
    assert opened.starts_at > timezone.now() and at(3) == opened.starts_at
