"""/participer/, the three portal blocks of participation, and search."""

import datetime

from django.utils import timezone
from factories import page_text

from civic.dialogue.models.discussions import Consultation, Discussion
from civic.dialogue.models.groups import CivicGroup
from civic.participation import services
from civic.participation.models import Proposal
from portal.blocks.participation import (
    MostSupportedProposalsBlock,
    OpenPetitionsBlock,
    RecentDecisionsBlock,
)


def _petition(people, creil, title="Rouvrir la piscine"):
    services.set_electorate(
        user=people["staff"],
        territory=creil,
        registered_voters=500,
        roll_date=datetime.date(2026, 1, 1),
    )
    return services.open_petition(
        user=people["author"], collectivity=creil, kind="consultation", title=title, body="…"
    )


def test_the_participate_page_gathers_consultations_proposals_near_me_petitions_and_decisions(
    client, people, proposal, creil, beauvais, mobilite
):
    group = CivicGroup.objects.create(
        name="Creil à vélo", slug="creil-a-velo", description="…", theme=mobilite, territory=creil
    )
    discussion = Discussion.objects.create(group=group, title="Quel tracé pour la voie ?")
    Consultation.objects.create(
        discussion=discussion, closes_at=timezone.now() + datetime.timedelta(days=10)
    )
    elsewhere = services.propose(
        user=people["outsider"],
        title="Une idée beauvaisienne",
        body="…",
        theme=mobilite,
        territory=beauvais,
    )
    decided = services.propose(
        user=people["author"], title="Des arceaux", body="…", theme=mobilite, territory=creil
    )
    services.update_status(user=people["elected"], proposal=decided, status="accepted", text="Oui")
    _petition(people, creil)
    client.force_login(people["resident"])
    text = page_text(client.get("/participer/"))
    near = text[
        text.index("Propositions près de chez moi") : text.index("Propositions les plus soutenues")
    ]
    assert "Un parking à vélos devant la gare" in near
    assert elsewhere.title not in near
    assert "Quel tracé pour la voie ?" in text
    assert "Rouvrir la piscine" in text
    decisions = text[text.index("Décisions récentes") :]
    assert "Des arceaux" in decisions


def test_the_participate_page_costs_the_same_queries_whatever_the_data(
    client, people, creil, mobilite, uncached_pages
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client.get("/participer/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/participer/")
        return len(queries.captured_queries)

    client.force_login(people["resident"])
    small = count()
    for number in range(8):
        proposal = services.propose(
            user=people["author"], title=f"Idée {number}", body="…", theme=mobilite, territory=creil
        )
        services.update_status(
            user=people["elected"], proposal=proposal, status="done", text="Fait"
        )
    _petition(people, creil)
    assert count() == small


def _render(block, request):
    value = block.to_python({"title": block.meta.label, "count": 3})
    return page_text_of(block.render(value, context={"request": request}))


def page_text_of(html):
    import html as html_module

    return html_module.unescape(str(html))


def test_the_three_blocks_show_supported_proposals_open_petitions_and_recent_decisions(
    rf_request, people, proposal, residents, creil, mobilite
):
    hidden = services.propose(
        user=people["author"], title="Masquée", body="…", theme=mobilite, territory=creil
    )
    services.update_status(user=people["elected"], proposal=hidden, status="done", text="…")
    services.hide(user=people["moderator"], item=hidden, reason="Hors charte")
    services.support(user=residents[0], proposal=proposal)
    _petition(people, creil)
    supported = _render(MostSupportedProposalsBlock(), rf_request)
    assert "Un parking à vélos devant la gare" in supported and "1 soutien" in supported
    assert "Masquée" not in supported
    assert "Rouvrir la piscine" in _render(OpenPetitionsBlock(), rf_request)
    decisions = _render(RecentDecisionsBlock(), rf_request)
    assert "Masquée" not in decisions
    services.update_status(
        user=people["elected"], proposal=proposal, status="partly", text="En partie"
    )
    assert "Retenue en partie" in _render(RecentDecisionsBlock(), rf_request)


def test_search_finds_proposals_and_petitions(client, people, proposal, creil):
    _petition(people, creil, title="Rouvrir la piscine municipale")
    text = page_text(client.get("/recherche/?q=parking velos"))
    assert "Un parking à vélos devant la gare" in text
    text = page_text(client.get("/recherche/?q=piscine"))
    assert "Rouvrir la piscine municipale" in text
    assert Proposal.objects.count() == 1
