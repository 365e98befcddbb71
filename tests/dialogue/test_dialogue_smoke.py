from factories import page_text


def test_pages_render(client, people, group, discussion, portal_territory):
    for url in [
        "/groupes/",
        f"/groupes/{group.slug}/",
        f"/discussions/{discussion.pk}/",
        "/consultations/",
        "/pres-de-chez-moi/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    client.force_login(people["animator"])
    for url in [
        "/groupes/",
        f"/groupes/{group.slug}/",
        f"/discussions/{discussion.pk}/",
        f"/groupes/{group.slug}/animation/",
        f"/groupes/{group.slug}/animation/signalements/",
        "/pres-de-chez-moi/",
        "/groupes/nouveau/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Vélo à Creil" in page_text(client.get("/pres-de-chez-moi/"))
