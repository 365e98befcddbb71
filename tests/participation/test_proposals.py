"""Proposals: proposing, supporting from inside the territory only, the threshold that sends a
proposal to the council, its public « suivi », and the listing."""

from factories import make_member, page_text

from civic.dialogue.models.notifications import Notification
from civic.participation import services
from civic.participation.models import Proposal, ProposalUpdate


def test_a_resident_proposes_with_a_form_and_finds_it_published(client, people, creil, mobilite):
    client.force_login(people["resident"])
    page = client.get("/propositions/nouvelle/")
    assert "Creil" in page_text(page)
    response = client.post(
        "/propositions/nouvelle/",
        {
            "title": "Des bancs au parc",
            "body": "Il n'y a nulle part où s'asseoir.",
            "theme": mobilite.pk,
            "territory": creil.pk,
            "place": "Parc de la Faïencerie",
        },
    )
    proposal = Proposal.objects.get(title="Des bancs au parc")
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    text = page_text(client.get(proposal.get_absolute_url()))
    assert "Parc de la Faïencerie" in text
    assert "Déposée" in text


def test_an_empty_or_too_long_proposal_is_refused_in_french_and_keeps_what_was_typed(
    client, people, creil, mobilite
):
    client.force_login(people["resident"])
    response = client.post(
        "/propositions/nouvelle/",
        {
            "title": "x" * 201,
            "body": "Mon texte soigneusement écrit",
            "theme": mobilite.pk,
            "territory": creil.pk,
        },
    )
    text = page_text(response)
    assert response.status_code == 200
    assert "Assurez-vous que cette valeur comporte au plus 200 caractères" in text
    assert "Mon texte soigneusement écrit" in text
    response = client.post(
        "/propositions/nouvelle/", {"title": "", "body": "", "territory": creil.pk}
    )
    assert "Champ requis." in page_text(response)
    assert not Proposal.objects.exists()


def test_a_resident_supports_once_and_may_withdraw(client, people, proposal):
    client.force_login(people["resident"])
    client.post(f"/propositions/{proposal.pk}/soutenir/")
    client.post(f"/propositions/{proposal.pk}/soutenir/")
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert "Vous soutenez cette proposition" in page_text(client.get(proposal.get_absolute_url()))
    client.post(f"/propositions/{proposal.pk}/retirer/")
    proposal.refresh_from_db()
    assert proposal.support_count == 0
    assert proposal.commune_counts.get().supports == 0


def test_a_resident_outside_the_territory_cannot_support_and_is_told_why(client, people, proposal):
    client.force_login(people["outsider"])
    text = page_text(client.get(proposal.get_absolute_url()))
    assert "Seules les personnes qui habitent Creil peuvent soutenir" in text
    assert "Soutenir cette proposition" not in text
    response = client.post(f"/propositions/{proposal.pk}/soutenir/", follow=True)
    assert "votre commune de résidence n'en fait pas partie" in page_text(response)
    proposal.refresh_from_db()
    assert proposal.support_count == 0


def test_a_resident_of_a_commune_inside_an_epci_supports_a_proposal_for_the_epci(
    client, creil, mobilite, people
):
    epci = creil.ancestors().get(kind="epci")
    other = epci.descendants().filter(kind="commune").exclude(pk=creil.pk).first()
    neighbour = make_member(first_name="Vera", last_name="Voisine", commune=other)
    proposal = services.propose(
        user=people["author"],
        title="Une navette",
        body="Entre les communes.",
        theme=mobilite,
        territory=epci,
    )
    services.support(user=neighbour, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_the_threshold_sends_the_proposal_to_the_council_queue_with_its_count_in_the_menu(
    client, people, proposal, residents, creil, admin_client
):
    services.set_threshold(user=people["staff"], territory=creil, supports=3)
    proposal.refresh_from_db()
    assert proposal.threshold == 3
    for resident in residents:
        services.support(user=resident, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.reached_at is not None
    assert "transmise au conseil" in ProposalUpdate.objects.filter(proposal=proposal).last().text
    assert Proposal.objects.waiting_for_council().get() == proposal
    page = admin_client.get("/admin/propositions-au-conseil/")
    text = page_text(page)
    assert "Un parking à vélos devant la gare" in text
    assert "Propositions au conseil (1)" in text


def test_staff_take_up_a_proposal_from_the_queue_naming_the_service(
    people, proposal, residents, creil, client
):
    services.set_threshold(user=people["staff"], territory=creil, supports=1)
    services.support(user=residents[0], proposal=proposal)
    client.force_login(people["staff"])
    response = client.post(
        f"/admin/propositions-au-conseil/{proposal.pk}/",
        {"decision": "approve", "reason": "Direction de la voirie"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.STUDY
    assert proposal.service == "Direction de la voirie"
    assert "service : Direction de la voirie" in page_text(client.get(proposal.get_absolute_url()))


def test_a_rejection_needs_a_reason_and_the_form_keeps_what_was_typed(client, people, proposal):
    client.force_login(people["elected"])
    response = client.post(
        f"/propositions/{proposal.pk}/suivi/",
        {"suivi-status": "rejected", "suivi-service": "Voirie", "suivi-text": ""},
    )
    text = page_text(response)
    assert "Indiquez pourquoi la proposition n'est pas retenue" in text
    assert 'value="Voirie"' in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED


def test_each_status_change_is_dated_in_the_public_history_and_notifies_supporters_and_followers(
    client, people, proposal, residents
):
    services.support(user=residents[0], proposal=proposal)
    services.follow(user=people["outsider"], proposal=proposal)
    client.force_login(people["elected"])
    client.post(
        f"/propositions/{proposal.pk}/suivi/",
        {
            "suivi-status": "study",
            "suivi-service": "Service mobilité",
            "suivi-text": "Nous regardons.",
        },
    )
    client.post(
        f"/propositions/{proposal.pk}/suivi/",
        {"suivi-status": "accepted", "suivi-text": "Vingt arceaux seront posés en mars."},
    )
    client.logout()
    text = page_text(client.get(proposal.get_absolute_url()))
    assert "À l'étude" in text and "Service mobilité" in text
    assert "Retenue" in text and "Vingt arceaux seront posés en mars." in text
    notified = Notification.objects.filter(kind=Notification.Kind.PROPOSAL)
    # Two steps, each to the supporter, the follower and the author (who follows her proposal).
    assert sorted(notified.values_list("recipient__first_name", flat=True)) == sorted(
        ["Paul", "Nina", "Alice"] * 2
    )
    assert set(notified.values_list("delivery", flat=True)) == {Notification.Delivery.DIGEST}


def test_the_daily_digest_tells_a_supporter_what_became_of_the_proposal(
    people, proposal, residents, mailoutbox
):
    from civic.dialogue.services.notifications import deliver_digest

    services.support(user=residents[0], proposal=proposal)
    services.update_status(
        user=people["elected"], proposal=proposal, status="study", service="Service mobilité"
    )
    assert deliver_digest(residents[0].pk)
    body = mailoutbox[-1].body
    assert "Un parking à vélos devant la gare : À l'étude" in body
    assert proposal.get_absolute_url() in body


def test_anonymous_visitors_see_supports_by_commune_and_never_a_name(
    client, people, proposal, residents
):
    for resident in residents:
        services.support(user=resident, proposal=proposal)
    text = page_text(client.get(proposal.get_absolute_url()))
    assert "Soutiens par commune de résidence" in text
    assert "Creil" in text and ">3<" in client.get(proposal.get_absolute_url()).content.decode()
    for resident in residents:
        assert resident.profile.display_name not in text
    client.force_login(people["outsider"])
    assert residents[0].profile.display_name in page_text(client.get(proposal.get_absolute_url()))


def _list(client, query=""):
    return page_text(client.get(f"/propositions/{query}"))


def test_the_list_filters_by_territory_containment_theme_and_status(
    client, people, proposal, beauvais, oise, mobilite
):
    from civic.dialogue.models.groups import Theme

    culture = Theme.objects.exclude(pk=mobilite.pk).first()
    services.propose(
        user=people["outsider"],
        title="Un festival",
        body="En été.",
        theme=culture,
        territory=beauvais,
    )
    assert "Un parking à vélos" in _list(client, f"?territory={oise.pk}")
    assert "Un festival" in _list(client, f"?territory={oise.pk}")
    assert "Un parking à vélos" not in _list(client, f"?territory={beauvais.pk}")
    assert "Un festival" not in _list(client, f"?theme={mobilite.slug}")
    assert "Un parking à vélos" not in _list(client, "?status=done")


def test_the_list_sorts_by_support_newest_and_closeness_to_threshold(
    client, people, proposal, residents, creil, mobilite
):
    newer = services.propose(
        user=people["resident"], title="Plus récente", body="…", theme=mobilite, territory=creil
    )
    services.support(user=residents[0], proposal=proposal)
    text = _list(client, "?sort=recentes")
    assert text.index("Plus récente") < text.index("Un parking à vélos")
    text = _list(client, "?sort=soutiens")
    assert text.index("Un parking à vélos") < text.index("Plus récente")
    services.set_threshold(user=people["staff"], territory=creil, supports=5)
    text = _list(client, "?sort=seuil")
    assert text.index("Un parking à vélos") < text.index("Plus récente")
    assert newer.pk


def _many(people, territory, theme, count):
    for number in range(count):
        services.propose(
            user=people["author"],
            title=f"Idée {number}",
            body="…",
            theme=theme,
            territory=territory,
        )


def _queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_list_costs_the_same_queries_with_3_or_25_proposals(
    client, people, creil, oise, mobilite, residents, uncached_pages
):
    _many(people, creil, mobilite, 3)
    url = f"/propositions/?territory={oise.pk}&theme={mobilite.slug}&sort=seuil"
    client.force_login(residents[0])
    small = _queries(client, url, None)
    _many(people, creil, mobilite, 22)
    assert _queries(client, url, None) == small


def test_a_proposal_page_costs_the_same_queries_with_few_or_many_supports_updates_and_comments(
    client, people, proposal, residents, creil, beauvais, uncached_pages
):
    services.support(user=residents[0], proposal=proposal)
    services.comment(user=residents[0], proposal=proposal, text="Bonne idée")
    client.force_login(people["resident"])
    url = proposal.get_absolute_url()
    small = _queries(client, url, None)
    for resident in residents[1:]:
        services.support(user=resident, proposal=proposal)
        services.comment(user=resident, proposal=proposal, text="D'accord")
    for number in range(5):
        supporter = make_member(first_name=f"S{number}", last_name="Creil", commune=creil)
        services.support(user=supporter, proposal=proposal)
    services.update_status(user=people["elected"], proposal=proposal, text="Une nouvelle")
    services.follow(
        user=make_member(first_name="F", last_name="B", commune=beauvais), proposal=proposal
    )
    assert _queries(client, url, None) == small


def _png():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return SimpleUploadedFile("banc.png", buffer.getvalue(), content_type="image/png")


def test_a_proposal_carries_an_image_with_its_description_and_a_point(
    client, people, creil, mobilite, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people["resident"])
    data = {
        "title": "Un banc",
        "body": "Ici.",
        "theme": mobilite.pk,
        "territory": creil.pk,
        "latitude": "49.25",
        "image": _png(),
    }
    response = client.post("/propositions/nouvelle/", data)
    text = page_text(response)
    assert "Décrivez l'image en quelques mots" in text
    assert "Donnez la latitude et la longitude, ou aucune des deux" in text
    assert not Proposal.objects.exists()
    data.update(image=_png(), image_alt="Un banc vert", longitude="2.48")
    response = client.post("/propositions/nouvelle/", data, follow=True)
    html = response.content.decode()
    assert 'alt="Un banc vert"' in html
    assert "latitude 49,25000, longitude 2,48000" in page_text(response)


def test_a_threshold_set_below_a_proposals_supports_sends_it_and_the_nearest_threshold_wins(
    people, proposal, residents, creil, oise
):
    for resident in residents[:2]:
        services.support(user=resident, proposal=proposal)
    services.set_threshold(user=people["staff"], territory=oise, supports=100)
    proposal.refresh_from_db()
    assert proposal.threshold == 100 and proposal.reached_at is None
    services.set_threshold(user=people["staff"], territory=creil, supports=2)
    proposal.refresh_from_db()
    assert proposal.threshold == 2 and proposal.reached_at is not None
    services.set_threshold(user=people["staff"], territory=oise, supports=50)
    proposal.refresh_from_db()
    assert proposal.threshold == 2
