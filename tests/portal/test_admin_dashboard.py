"""The admin's home tells each staff member what waits for them, with counts and links."""

from html import unescape

from factories import make_member

from civic.people.models import Profile
from civic.people.services import request_verification


def test_the_admin_home_lists_what_waits_with_counts_and_links(admin_client, beauvais, oise):
    citizen = make_member(first_name="Julien", last_name="Fournier", commune=beauvais)
    request_verification(
        profile=citizen.profile,
        kind=Profile.Kind.ASSOCIATION,
        identity={
            "organisation_name": "Archers de Chambly",
            "rna": "W601031177",
            "purpose": "Tir à l'arc.",
            "action_territory": oise,
        },
    )

    html = " ".join(unescape(admin_client.get("/admin/").content.decode()).split())

    assert "À traiter" in html
    assert '<a href="/admin/verifications/">Vérifications</a> : <strong>1</strong>' in html
    assert "Agenda à valider</a> :" in html
    assert "Propositions au conseil</a> :" in html
    assert "Signalements de rue</a> :" in html
    assert "Consultations qui ferment cette semaine" in html
    assert "Pages à relire" in html


def test_an_editor_sees_only_the_queues_they_may_decide(client, beauvais):
    editor = make_member(
        first_name="Léa", last_name="Redactrice", commune=beauvais, groups=["Communication"]
    )
    client.force_login(editor)

    html = unescape(client.get("/admin/").content.decode())

    assert "À traiter" in html
    assert "Vérifications</a>" not in html
    assert "Consultations qui ferment cette semaine" in html
