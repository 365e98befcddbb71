"""A page someone may not open answers with the portal's own French page, not a bare 403."""

from html import unescape

from factories import page_text


def test_a_member_who_may_not_animate_gets_a_french_page_in_the_portals_layout(
    client, group, people
):
    client.force_login(people["member"])

    response = client.get(f"/groupes/{group.slug}/animation/")

    assert response.status_code == 403
    html = unescape(page_text(response))
    assert "<h1>Accès refusé</h1>" in html
    assert "Revenir à l'accueil" in html
    assert '<footer role="contentinfo"' in html
    assert "Forbidden" not in html
