"""Input anyone can send never ends in a server error: NUL bytes, stray quotes, names too long
for their column, a `next` that is no address. Each gets a French message or a 400."""

import pytest
from agenda_factories import event_form_data
from django.utils import timezone
from factories import page_text, signup_data
from wagtail.models import Site

from agenda.models import Event
from civic.dialogue.models.discussions import Post
from portal.models import NewsIndexPage

NUL = "Beau\x00vais"
NUL_MESSAGE = "Le caractère nul n’est pas autorisé."
SEARCH_MESSAGE = "La recherche contient un caractère non autorisé."
LONG_NAME_MESSAGE = "Votre prénom et votre nom réunis dépassent 200 caractères"
DATE_MESSAGE = "Choisissez une date entre 1900 et 2999."


@pytest.mark.parametrize("kind", ["", "pages"])
def test_a_search_with_a_nul_byte_answers_400_with_a_french_message(client, kind):
    response = client.get("/recherche/", {"q": "mai\x00son", "type": kind})
    assert response.status_code == 400
    assert SEARCH_MESSAGE in page_text(response)


def test_a_commune_search_with_a_nul_byte_answers_400_with_a_french_message(client):
    response = client.get("/territoires/communes/", {"q": NUL})
    assert response.status_code == 400
    assert SEARCH_MESSAGE in page_text(response)
    response = client.get("/territoires/communes/", {"q": NUL, "format": "json"})
    assert response.status_code == 400
    assert response.json() == {"error": SEARCH_MESSAGE}


@pytest.mark.parametrize("query", ['"maison', 'a"b', 'jardin "partagé'])
def test_a_search_with_an_unclosed_quote_is_an_ordinary_search(client, query):
    for kind in ("", "pages", "actualites"):
        response = client.get("/recherche/", {"q": query, "type": kind})
        assert response.status_code == 200


def test_a_news_theme_with_a_nul_byte_answers_400(client):
    index = NewsIndexPage(title="Actualités", slug="actualites-test", introduction="Les nouvelles.")
    Site.objects.get(is_default_site=True).root_page.add_child(instance=index)
    index.save_revision().publish()
    response = client.get(index.url, {"theme": "velo\x00"})
    assert response.status_code == 400
    assert "Ce thème n'existe pas." in response.content.decode()


def test_signing_up_with_a_nul_byte_in_the_commune_is_refused_in_french(client):
    response = client.post("/compte/signup/", signup_data(home_commune=NUL))
    assert response.status_code == 200
    assert NUL_MESSAGE in page_text(response)


def test_a_nul_byte_in_the_profile_commune_is_refused_in_french(client, member):
    client.force_login(member)
    data = {
        "first_name": "Marc",
        "last_name": "Membre",
        "home_commune": NUL,
        "bio": "",
        "links": "",
    }
    response = client.post("/mon-compte/profil/", data)
    assert response.status_code == 200
    assert NUL_MESSAGE in page_text(response)


def test_a_nul_byte_in_an_event_commune_is_refused_in_french(client, association):
    client.force_login(association)
    response = client.post("/agenda/proposer/", event_form_data(commune=NUL))
    assert response.status_code == 200
    assert NUL_MESSAGE in page_text(response)
    assert not Event.objects.exists()


def test_a_nul_byte_in_an_import_default_commune_is_refused_in_french(client, association):
    client.force_login(association)
    response = client.post(
        "/agenda/importer/",
        {
            "abonnement-url": "https://agenda.example.fr/calendrier.ics",
            "abonnement-name": "Agenda",
            "abonnement-default_commune": NUL,
        },
    )
    assert response.status_code == 200
    assert NUL_MESSAGE in page_text(response)


def test_a_nul_byte_in_the_commune_near_me_is_refused_in_french(client):
    response = client.post("/pres-de-chez-moi/", {"commune": NUL})
    assert response.status_code == 200
    assert NUL_MESSAGE in page_text(response)


def test_a_name_too_long_to_be_shown_is_refused_at_sign_up_keeping_what_was_typed(client):
    first, last = "Marie-" + "a" * 144, "De " + "b" * 147
    response = client.post("/compte/signup/", signup_data(first_name=first, last_name=last))
    assert response.status_code == 200
    html = page_text(response)
    assert LONG_NAME_MESSAGE in html
    assert f'value="{first}"' in html and f'value="{last}"' in html


def test_a_name_too_long_to_be_shown_is_refused_on_the_profile_keeping_what_was_typed(
    client, member
):
    client.force_login(member)
    first, last = "a" * 150, "b" * 150
    data = {"first_name": first, "last_name": last, "home_commune": "Creil (60100)", "bio": ""}
    response = client.post("/mon-compte/profil/", {**data, "links": ""})
    assert response.status_code == 200
    html = page_text(response)
    assert LONG_NAME_MESSAGE in html
    assert f'value="{first}"' in html and f'value="{last}"' in html
    member.refresh_from_db()
    assert member.last_name == "Membre"


@pytest.mark.parametrize("month", ["0001-01", "9999-12"])
def test_a_month_at_the_end_of_the_calendar_shows_the_current_month(client, month):
    response = client.get("/agenda/", {"vue": "mois", "mois": month})
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["month"] == today.replace(day=1)


@pytest.mark.parametrize("name, day", [("start", "0001-01-01"), ("end", "9999-12-31")])
def test_a_date_at_the_end_of_the_calendar_is_refused_in_french(client, name, day):
    response = client.get("/agenda/", {name: day})
    assert response.status_code == 200
    assert DATE_MESSAGE in page_text(response)
    response = client.get("/agenda/ical/", {name: day})
    assert response.status_code == 400
    assert DATE_MESSAGE in response.content.decode()


def test_an_event_at_the_end_of_the_calendar_is_refused_in_french(client, association):
    client.force_login(association)
    response = client.post(
        "/agenda/proposer/", event_form_data(start_date="9999-12-31", all_day="on", start_time="")
    )
    assert response.status_code == 200
    assert DATE_MESSAGE in page_text(response)
    assert not Event.objects.exists()


def test_a_moderation_decision_naming_no_report_still_decides(client, moderator, discussion):
    opening = discussion.posts.get(is_opening=True)
    client.force_login(moderator)
    response = client.post(
        f"/messages/{opening.pk}/masquer/", {"reason": "Hors sujet", "report": "abc"}
    )
    assert response.status_code == 302
    assert Post.objects.get(pk=opening.pk).state == Post.State.HIDDEN


@pytest.mark.parametrize("query", [{}, {"report": "abc"}])
def test_the_form_to_hide_a_message_opens_without_a_valid_report(
    client, moderator, discussion, query
):
    opening = discussion.posts.get(is_opening=True)
    client.force_login(moderator)
    response = client.get(f"/messages/{opening.pk}/masquer/", query)
    assert response.status_code == 200
    assert 'name="report"' not in response.content.decode()


def test_an_id_too_big_for_the_database_is_not_found(client):
    assert client.get("/discussions/99999999999999999999999/").status_code == 404


@pytest.mark.parametrize(
    "path, kind", [("/annuaire/", ""), ("/annuaire/", "groupes"), ("/groupes/", "")]
)
def test_a_search_of_thousands_of_words_is_refused_in_french(client, path, kind):
    response = client.get(path, {"q": "ab cd " * 1500, "kind": kind})
    assert response.status_code == 200
    assert "au plus 100 caractères" in page_text(response)
