"""Polls in consultations: residents answer, change their answer until closing, results are
counted without reading the answers, shown as charts beside tables, and exported for staff."""

import csv
import io
import zipfile

import pytest
from dialogue_helpers import fresh
from factories import make_member, page_text
from poll_helpers import answers, choice, form_data, open_poll, questions_of

from civic.dialogue.models.discussions import Consultation
from civic.dialogue.models.polls import Ballot, BallotAnswer
from civic.dialogue.services import discussions, polls


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


@pytest.fixture
def resident(creil):
    """Lives in Creil, not a member of the group."""
    return make_member(first_name="Rose", last_name="Riveraine", commune=creil)


def test_a_resident_answers_then_changes_the_answer_and_the_counts_follow(
    client, people, group, resident
):
    consultation = open_poll(people, group)
    url = f"/discussions/{consultation.discussion_id}/"
    client.force_login(resident)
    page = page_text(client.get(url))
    assert "Quel itinéraire préférez-vous ? (obligatoire)" in page
    assert "Envoyer ma réponse" in page

    response = client.post(
        url + "questionnaire/",
        form_data(
            consultation,
            single="Bords de l'Oise",
            multiple=["Arceaux", "Bancs"],
            ranking=["Sécurité", "Paysage", "Vitesse"],
            free="Pensez aux enfants.",
        ),
    )
    assert response.status_code == 302
    qs = questions_of(consultation)
    assert choice(qs["single"], "Bords de l'Oise").votes == 1
    assert choice(qs["ranking"], "Sécurité").points == 3
    assert choice(qs["ranking"], "Vitesse").points == 1
    assert qs["free"].answer_count == 1

    page = page_text(client.get(url))
    assert "Vous avez déjà répondu" in page and "Modifier ma réponse" in page
    client.post(
        url + "questionnaire/",
        form_data(
            consultation, single="Rue Jean-Jaurès", multiple=["Fontaine"], ranking=["Vitesse"]
        ),
    )
    qs = questions_of(consultation)
    assert choice(qs["single"], "Bords de l'Oise").votes == 0
    assert choice(qs["single"], "Rue Jean-Jaurès").votes == 1
    assert choice(qs["multiple"], "Arceaux").votes == 0
    assert choice(qs["multiple"], "Fontaine").votes == 1
    assert choice(qs["ranking"], "Sécurité").points == 0
    assert (
        choice(qs["ranking"], "Vitesse").points == 3 and choice(qs["ranking"], "Vitesse").votes == 1
    )
    assert qs["free"].answer_count == 0
    consultation.refresh_from_db()
    assert consultation.ballot_count == 1
    assert Ballot.objects.count() == 1


def test_too_many_choices_are_refused_in_french_and_what_was_ticked_stays(
    client, people, group, resident
):
    consultation = open_poll(people, group)
    client.force_login(resident)
    response = client.post(
        f"/discussions/{consultation.discussion_id}/questionnaire/",
        form_data(
            consultation,
            single="Bords de l'Oise",
            multiple=["Arceaux", "Bancs", "Éclairage"],
            ranking=["Sécurité"],
            free="Mon long commentaire",
        ),
    )
    assert response.status_code == 400
    page = page_text(response)
    assert "Vous avez coché 3 réponses : 2 au plus." in page
    assert "Mon long commentaire" in page
    assert "checked" in page and not Ballot.objects.exists()


def test_an_empty_required_answer_is_refused_and_nothing_is_counted(
    client, people, group, resident
):
    consultation = open_poll(people, group)
    client.force_login(resident)
    response = client.post(
        f"/discussions/{consultation.discussion_id}/questionnaire/",
        form_data(consultation, single=None, free="Garde ce texte"),
    )
    assert response.status_code == 400
    page = page_text(response)
    assert "Cette question demande une réponse." in page and "Garde ce texte" in page
    assert not BallotAnswer.objects.exists()


def test_a_poll_answered_after_closing_is_refused_and_the_answers_stay_in_the_form(
    client, people, group, resident
):
    consultation = open_poll(people, group)
    client.force_login(resident)
    data = form_data(
        consultation, single="Bords de l'Oise", ranking=["Sécurité"], free="Trop tard ?"
    )
    discussions.close_consultation(user=fresh(people["communication"]), consultation=consultation)
    response = client.post(f"/discussions/{consultation.discussion_id}/questionnaire/", data)
    assert response.status_code == 400
    page = page_text(response)
    assert "Cette consultation est close : votre réponse n'a pas pu être enregistrée." in page
    assert "Trop tard ?" in page
    assert not Ballot.objects.exists()


def test_someone_outside_the_territory_is_told_why_they_cannot_answer(client, people, group):
    consultation = open_poll(people, group)
    client.force_login(people["non_member"])  # lives in Beauvais
    page = page_text(client.get(f"/discussions/{consultation.discussion_id}/"))
    assert "réservée aux habitant·es de Creil" in page
    assert "Envoyer ma réponse" not in page
    response = client.post(
        f"/discussions/{consultation.discussion_id}/questionnaire/",
        form_data(consultation, single="Bords de l'Oise"),
    )
    assert response.status_code == 302 and not Ballot.objects.exists()


def test_any_identified_member_may_answer_an_open_poll_and_reply_in_its_discussion(
    client, people, group
):
    consultation = open_poll(people, group, audience="identified")
    client.force_login(people["non_member"])
    client.post(
        f"/discussions/{consultation.discussion_id}/questionnaire/",
        form_data(consultation, single="Bords de l'Oise", ranking=["Paysage"]),
    )
    assert Ballot.objects.filter(user=people["non_member"]).exists()
    client.post(f"/discussions/{consultation.discussion_id}/repondre/", {"body": "Merci !"})
    assert consultation.discussion.posts.filter(body="Merci !").exists()


def test_results_stay_hidden_until_published_unless_staff_chose_live_results(
    client, people, group, resident
):
    consultation = open_poll(people, group)
    polls.answer_poll(
        user=fresh(resident),
        consultation=consultation,
        answers=answers(consultation, single="Bords de l'Oise", ranking=["Paysage"]),
    )
    results = f"/discussions/{consultation.discussion_id}/resultats/"
    client.force_login(resident)
    assert "seront publiés après la clôture" in page_text(client.get(results))
    client.force_login(people["communication"])
    page = page_text(client.get(results))
    assert "Résultats provisoires" in page and "<svg" in page and "<table" in page

    staff = fresh(people["communication"])
    discussions.close_consultation(user=staff, consultation=consultation)
    client.force_login(resident)
    assert "seront publiés après la clôture" in page_text(client.get(results))
    polls.publish_results(user=staff, consultation=consultation)
    client.logout()
    page = page_text(client.get(results))
    assert "Bords de l'Oise" in page and "100,0 %" in page

    live = open_poll(people, group, live_results=True)
    page = page_text(client.get(f"/discussions/{live.discussion_id}/resultats/"))
    assert "Résultats provisoires" in page


def test_closing_asks_for_confirmation_and_can_be_undone_until_results_are_published(
    client, people, group
):
    consultation = open_poll(people, group)
    url = f"/discussions/{consultation.discussion_id}/"
    client.force_login(people["communication"])
    page = page_text(client.get(url + "clore/"))
    assert "Oui, clore la consultation" in page
    consultation.refresh_from_db()
    assert consultation.is_open

    client.post(url + "clore/", {"confirm": "1"})
    consultation.refresh_from_db()
    assert not consultation.is_open
    assert "Annuler la clôture" in page_text(client.get(url))

    client.post(url + "rouvrir/")
    consultation.refresh_from_db()
    assert consultation.is_open

    client.post(url + "clore/", {"confirm": "1"})
    client.post(url + "resultats/publier/")
    response = client.post(url + "rouvrir/", follow=True)
    assert "la clôture ne peut plus être annulée" in page_text(response)
    consultation.refresh_from_db()
    assert not consultation.is_open and consultation.results_published


def test_staff_export_the_answers_as_csv_and_ods_without_names(client, people, group, resident):
    consultation = open_poll(people, group)
    polls.answer_poll(
        user=fresh(resident),
        consultation=consultation,
        answers=answers(
            consultation,
            single="Bords de l'Oise",
            multiple=["Arceaux", "Bancs"],
            ranking=["Vitesse", "Sécurité"],
            free="=SOMME(A1)",
        ),
    )
    base = f"/discussions/{consultation.discussion_id}/resultats"
    client.force_login(resident)
    assert client.get(base + ".csv").status_code == 403
    client.force_login(people["communication"])
    response = client.get(base + ".csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][3] == "Quel itinéraire préférez-vous ?"
    assert rows[1][3:] == [
        "Bords de l'Oise",
        "Arceaux ; Bancs",
        "Vitesse ; Sécurité",
        "'=SOMME(A1)",
    ]
    assert "Riveraine" not in response.content.decode()
    ods = client.get(base + ".ods")
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    content = zipfile.ZipFile(io.BytesIO(ods.content)).read("content.xml").decode()
    assert "Bords de l&apos;Oise" in content or "Bords de l'Oise" in content


def test_staff_write_the_questions_in_the_form_until_the_first_answer(
    client, people, group, resident
):
    consultation = discussions.open_consultation(
        user=fresh(people["communication"]), group=group, title="Avis", question="?"
    )
    url = f"/discussions/{consultation.discussion_id}/questionnaire/modifier/"
    client.force_login(people["communication"])
    data = {
        "audience": "territory",
        "audience_territory": "",
        "live_results": "on",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "30",
        "questions-0-text": "Pour ou contre ?",
        "questions-0-kind": "single",
        "questions-0-required": "on",
        "questions-0-choices": "Pour\nContre",
        "questions-1-text": "",
        "questions-1-kind": "single",
    }
    response = client.post(url, {**data, "questions-0-choices": "Pour"})
    assert "Proposez au moins deux réponses" in page_text(response)
    assert "Pour ou contre ?" in page_text(response)
    response = client.post(url, data)
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.audience == Consultation.Audience.TERRITORY and consultation.live_results
    question = consultation.questions.get()
    assert [c.label for c in question.choices.all()] == ["Pour", "Contre"]

    polls.answer_poll(
        user=fresh(resident),
        consultation=consultation,
        answers={question.pk: question.choices.first().pk},
    )
    page = page_text(client.get(url))
    assert "les questions ne peuvent plus changer" in page
    assert "questions-TOTAL_FORMS" not in page


def _add_voters(consultation, creil, n, start=0):
    for i in range(start, start + n):
        voter = make_member(first_name=f"Votant{i}", last_name="Test", commune=creil)
        polls.answer_poll(
            user=voter,
            consultation=consultation,
            answers=answers(
                consultation,
                single="Bords de l'Oise",
                multiple=["Arceaux"],
                ranking=["Sécurité", "Vitesse", "Paysage"],
                free=f"Avis {i}",
            ),
        )


def test_the_consultation_page_and_the_results_run_the_same_queries_for_2_or_30_answers(
    client, people, group, creil, django_assert_num_queries, layout_queries, resident
):
    consultation = open_poll(people, group)
    _add_voters(consultation, creil, 2)
    url = f"/discussions/{consultation.discussion_id}/"
    client.force_login(resident)
    polls.answer_poll(
        user=fresh(resident),
        consultation=consultation,
        answers=answers(consultation, single="Bords de l'Oise", ranking=["Paysage"]),
    )
    client.get(url)
    layout = layout_queries()
    client.force_login(people["communication"])
    client.get(url)
    staff_layout = layout_queries()

    def measure():
        client.force_login(resident)
        with django_assert_num_queries(PAGE_QUERIES + layout, exact=True) as page:
            client.get(url)
        client.force_login(people["communication"])
        with django_assert_num_queries(RESULTS_QUERIES + staff_layout, exact=True):
            response = client.get(url + "resultats/")
        return response, page

    measure()
    _add_voters(consultation, creil, 28, start=2)
    response, _page = measure()
    assert "31 participations" in page_text(response)


# The consultation's page for a resident who answered, on top of the layout: the thread's own
# queries (see test_discussions.THREAD_QUERIES), the questions and their choices, the person's
# answers, whether they live in the consultation's territory, and the person's groups
# permissions (whether they may edit the poll).
PAGE_QUERIES = 10
# The results for staff: the consultation (with its discussion and group), the questions and
# their choices (the staff member's permissions come with the layout).
RESULTS_QUERIES = 3
