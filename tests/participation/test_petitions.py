"""Petitions under article L1112-16 CGCT: the threshold from the registered voters, the signer's
declaration kept private, one request a quarter per collectivity, paper lists, the formal request
and its public follow-up."""

import datetime

import pytest
from django.utils import timezone
from factories import make_member, page_text

from civic.participation import services
from civic.participation.models import Petition, PetitionSignature

BIRTH = "1980-05-04"


@pytest.fixture
def electorate(people, creil):
    return services.set_electorate(
        user=people["staff"],
        territory=creil,
        registered_voters=25,
        roll_date=datetime.date(2026, 3, 1),
    )


@pytest.fixture
def petition(people, creil, electorate):
    return services.open_petition(
        user=people["resident"],
        collectivity=creil,
        kind=Petition.Kind.CONSULTATION,
        title="Consulter les habitants sur la piscine",
        body="Nous demandons une consultation sur la rénovation de la piscine.",
    )


def _sign(client, petition, creil, **extra):
    data = {
        "last_name": "Dupont",
        "first_names": "Marc",
        "birth_date": BIRTH,
        "commune": creil.pk,
        "declaration": "on",
        **extra,
    }
    return client.post(f"/petitions/{petition.pk}/signer/", data, follow=True)


def test_the_threshold_is_one_tenth_of_a_communes_voters_and_one_twentieth_elsewhere(
    people, creil, oise
):
    assert services.petition_threshold(creil, 25) == 3
    assert services.petition_threshold(oise, 25) == 2
    assert services.petition_threshold(oise, 600_000) == 30_000


def test_a_petition_cannot_open_before_staff_entered_the_registered_voters(people, beauvais):
    with pytest.raises(services.Refused, match="nombre de ses électeurs inscrits"):
        services.open_petition(
            user=people["resident"], collectivity=beauvais, kind="consultation", title="T", body="B"
        )


def test_a_resident_opens_a_petition_with_the_form(client, people, creil, electorate):
    client.force_login(people["resident"])
    response = client.post(
        "/petitions/nouvelle/",
        {
            "collectivity": creil.pk,
            "kind": "deliberation",
            "title": "Un marché bio",
            "body": "Le samedi.",
        },
        follow=True,
    )
    text = page_text(response)
    assert "Un marché bio" in text
    assert "0 signatures sur 3 nécessaires" in text
    assert "liste électorale du 1 mars 2026" in text


def test_a_voter_signs_with_a_private_declaration_and_the_bar_counts(
    client, people, petition, creil
):
    client.force_login(people["resident"])
    text = page_text(_sign(client, petition, creil))
    assert "Votre signature est enregistrée" in text
    assert "1 signatures sur 3 nécessaires (1 en ligne, 0 sur listes papier)" in text
    client.logout()
    public = page_text(client.get(petition.get_absolute_url()))
    assert "Dupont" not in public and "1980" not in public


def test_a_second_signature_to_the_same_collectivity_in_the_quarter_is_refused_and_explained(
    client, people, petition, creil
):
    other = services.open_petition(
        user=people["author"], collectivity=creil, kind="deliberation", title="Autre", body="…"
    )
    client.force_login(people["resident"])
    _sign(client, petition, creil)
    text = page_text(client.get(other.get_absolute_url()))
    assert "déjà signé une demande adressée à Creil ce trimestre" in text
    with pytest.raises(services.Refused, match="une par trimestre"):
        services.sign(
            user=people["resident"],
            petition=other,
            last_name="Dupont",
            first_names="Marc",
            birth_date=datetime.date(1980, 5, 4),
            commune=creil,
        )
    assert other.signatures.count() == 0


def test_the_same_voter_on_a_paper_list_and_online_is_one_voter(client, people, petition, creil):
    services.add_paper_signature(
        user=people["staff"],
        petition=petition,
        last_name="DUPONT",
        first_names="Marc",
        birth_date=datetime.date(1980, 5, 4),
        commune=creil,
    )
    client.force_login(people["resident"])
    text = page_text(_sign(client, petition, creil, last_name="Dupont"))
    assert "a déjà signé une demande" in text
    assert 'value="Dupont"' in text  # what was typed stays in the form


def test_a_commune_outside_the_collectivity_is_refused_and_the_form_kept(
    client, people, petition, beauvais
):
    client.force_login(people["resident"])
    response = _sign(client, petition, beauvais, first_names="Marc Antoine")
    text = page_text(response)
    assert "Sélectionnez un choix valide" in text
    assert 'value="Marc Antoine"' in text
    assert petition.signatures.count() == 0


def test_paper_signatures_are_counted_apart_with_who_entered_them(client, people, petition, creil):
    client.force_login(people["elected"])
    response = client.post(
        f"/petitions/{petition.pk}/papier/",
        {
            "papier-last_name": "Martin",
            "papier-first_names": "Lucie",
            "papier-birth_date": "1970-01-02",
            "papier-commune": creil.pk,
        },
        follow=True,
    )
    assert "0 en ligne, 1 sur listes papier" in page_text(response)
    row = PetitionSignature.objects.get()
    assert row.source == "paper" and row.entered_by == people["elected"]
    assert row.entered_by_name.startswith("Jean Maire")
    csv = client.get(f"/petitions/{petition.pk}/signatures.csv").content.decode()
    assert "Martin,Lucie,1970-01-02,Creil" in csv
    client.force_login(people["resident"])
    assert client.get(f"/petitions/{petition.pk}/signatures.csv").status_code == 403


def test_reaching_the_threshold_sends_the_formal_request_and_its_follow_up_is_public(
    client, people, petition, creil
):
    for number, user in enumerate(["resident", "author", "association"]):
        services.sign(
            user=people[user],
            petition=petition,
            last_name=f"Nom{number}",
            first_names="P",
            birth_date=datetime.date(1970, 1, 1 + number),
            commune=creil,
        )
    petition.refresh_from_db()
    assert petition.status == Petition.Status.SENT
    assert "Maire de Creil" in petition.addressee
    pdf = client.get(f"/petitions/{petition.pk}/demande.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert b"Nom0" not in pdf.content
    client.force_login(people["elected"])
    client.post(
        f"/petitions/{petition.pk}/suivi/",
        {
            "acknowledged_at": "2026-12-01",
            "meeting_date": "2026-12-15",
            "meeting_label": "Conseil municipal",
        },
    )
    response = client.post(
        f"/petitions/{petition.pk}/suivi/",
        {"decided_at": "2026-12-15", "decision": ""},
    )
    assert "Écrivez la décision de l'assemblée" in page_text(response)
    client.post(
        f"/petitions/{petition.pk}/suivi/",
        {"decided_at": "2026-12-15", "decision": "La consultation aura lieu en mars."},
    )
    client.logout()
    text = page_text(client.get(petition.get_absolute_url()))
    assert "Accusé de réception" in text
    assert "L'assemblée est informée de la demande (Conseil municipal)" in text
    assert "La consultation aura lieu en mars." in text
    assert "Lire la demande (PDF)" in text
    assert "conservées" in text


def test_a_petition_still_open_has_no_formal_request(client, petition):
    assert client.get(f"/petitions/{petition.pk}/demande.pdf").status_code == 404


def test_the_quarter_is_the_civil_quarter():
    from civic.participation.models import quarter_of

    assert quarter_of(datetime.date(2026, 3, 31)) == 20261
    assert quarter_of(datetime.date(2026, 4, 1)) == 20262
    assert quarter_of(timezone.localdate()) // 10 == timezone.localdate().year


def test_a_minor_cannot_sign(people, petition, creil):
    today = timezone.localdate()
    with pytest.raises(services.Refused, match="majeurs"):
        services.sign(
            user=make_member(first_name="Jeune", last_name="Creil", commune=creil),
            petition=petition,
            last_name="Jeune",
            first_names="Léo",
            birth_date=today.replace(year=today.year - 10),
            commune=creil,
        )
