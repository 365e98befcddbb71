"""Reports and moderation of proposals, their comments and petitions; « Mes données » and
account deletion for supports and signatures."""

import datetime
import json

from factories import page_text

from civic.participation import services
from civic.participation.models import (
    ParticipationReport,
    Petition,
    PetitionSignature,
    ProposalCommuneCount,
    ProposalSupport,
)
from civic.people.services import delete_account


def test_a_reported_proposal_is_hidden_from_the_admin_queue_with_a_reason(client, people, proposal):
    client.force_login(people["resident"])
    client.post(f"/propositions/{proposal.pk}/signaler/", {"reason": "spam", "text": "Pub"})
    report = ParticipationReport.objects.get()
    client.force_login(people["moderator"])
    queue = page_text(client.get("/admin/signalements-participation/"))
    assert "Signalements (participation) (1)" in queue
    client.post(
        f"/admin/signalements-participation/{report.pk}/",
        {"decision": "approve", "reason": "Publicité"},
    )
    proposal.refresh_from_db()
    assert proposal.is_hidden and proposal.hidden_reason == "Publicité"
    client.logout()
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert "Un parking à vélos" not in page_text(client.get("/propositions/"))


def test_a_moderator_hides_and_restores_a_comment_which_shows_the_reason(client, people, proposal):
    comment = services.comment(user=people["resident"], proposal=proposal, text="Achetez ma montre")
    client.force_login(people["moderator"])
    client.post(f"/propositions/commentaires/{comment.pk}/masquer/", {"reason": "Spam"})
    client.logout()
    text = page_text(client.get(proposal.get_absolute_url()))
    assert "Masqué par la modération : Spam" in text
    assert "Achetez ma montre" not in text
    client.force_login(people["moderator"])
    client.post(f"/propositions/commentaires/{comment.pk}/retablir/")
    assert "Achetez ma montre" in page_text(client.get(proposal.get_absolute_url()))


def test_a_citizen_cannot_hide_anything(client, people, proposal):
    client.force_login(people["resident"])
    client.post(f"/propositions/{proposal.pk}/masquer/", {"reason": "Non"})
    proposal.refresh_from_db()
    assert not proposal.is_hidden


def _petition(people, creil):
    services.set_electorate(
        user=people["staff"],
        territory=creil,
        registered_voters=20,
        roll_date=datetime.date(2026, 1, 1),
    )
    return services.open_petition(
        user=people["author"], collectivity=creil, kind="consultation", title="P", body="…"
    )


def _signs(user, petition, creil, day):
    return services.sign(
        user=user,
        petition=petition,
        last_name=user.last_name,
        first_names=user.first_name,
        birth_date=datetime.date(1970, 1, day),
        commune=creil,
    )


def test_my_data_holds_my_supports_and_signatures(client, people, proposal, creil):
    services.support(user=people["resident"], proposal=proposal)
    _signs(people["resident"], _petition(people, creil), creil, 1)
    client.force_login(people["resident"])
    data = json.loads(client.get("/mon-compte/mes-donnees.json").content)
    part = data["participation"]
    assert part["soutiens"][0]["proposition"] == "Un parking à vélos devant la gare"
    assert part["signatures"][0]["date de naissance"] == "1970-01-01"


def test_deleting_an_account_withdraws_its_supports_and_open_signatures_and_keeps_sent_ones(
    people, proposal, creil, residents
):
    resident = people["resident"]
    services.support(user=resident, proposal=proposal)
    open_petition = _petition(people, creil)
    _signs(resident, open_petition, creil, 1)
    oise = creil.ancestors().get(kind="departement")
    services.set_electorate(
        user=people["staff"],
        territory=oise,
        registered_voters=20,
        roll_date=datetime.date(2026, 1, 1),
    )
    sent = services.open_petition(
        user=people["author"], collectivity=oise, kind="deliberation", title="S", body="…"
    )
    _signs(resident, sent, creil, 1)
    sent.refresh_from_db()
    assert sent.status == Petition.Status.SENT  # 1 of 20 voters reaches one twentieth
    delete_account(user=resident)
    proposal.refresh_from_db()
    assert proposal.support_count == 0
    assert ProposalCommuneCount.objects.get(proposal=proposal).supports == 0
    assert not ProposalSupport.objects.exists()
    open_petition.refresh_from_db()
    assert open_petition.online_count == 0
    kept = PetitionSignature.objects.get()
    assert kept.petition == sent and kept.user is None and kept.last_name == "Creillois"


def test_a_moderator_hides_a_petition_and_restores_it(client, people, creil):
    petition = _petition(people, creil)
    client.force_login(people["moderator"])
    client.post(f"/petitions/{petition.pk}/masquer/", {"reason": "Hors charte"})
    client.logout()
    assert client.get(petition.get_absolute_url()).status_code == 404
    assert "P" not in [p.title for p in Petition.objects.visible()]
    client.force_login(people["moderator"])
    assert "Hors charte" in page_text(client.get(petition.get_absolute_url()))
    client.post(f"/petitions/{petition.pk}/retablir/")
    client.logout()
    assert client.get(petition.get_absolute_url()).status_code == 200
