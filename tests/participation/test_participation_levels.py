"""Supporting and signing follow the level of identity staff require, and say how to reach it."""

from factories import page_text

from civic.territories.settings import CivicSettings


def require_franceconnect(action):
    settings = CivicSettings.current()
    settings.required_levels = {action: "certified"}
    settings.save()


def test_a_resident_with_a_declared_identity_is_told_how_to_reach_the_level_to_support(
    client, people, proposal
):
    require_franceconnect("support_proposal")
    client.force_login(people["resident"])

    text = page_text(client.get(proposal.get_absolute_url()))
    assert "l'équipe du portail exige ce niveau d'identité" in text
    assert "Soutenir cette proposition" not in text

    client.post(f"/propositions/{proposal.pk}/soutenir/")
    proposal.refresh_from_db()
    assert proposal.support_count == 0


def test_without_a_requirement_a_resident_supports_as_before(client, people, proposal):
    client.force_login(people["resident"])

    client.post(f"/propositions/{proposal.pk}/soutenir/")

    proposal.refresh_from_db()
    assert proposal.support_count == 1
