"""What other apps and staff plug into the dialogue: group page sections, the themes list."""

import pytest
from django.contrib.auth import get_user_model
from django.utils.html import format_html

from civic import integration


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def test_another_app_adds_a_section_to_group_pages_without_civic_importing_it(client, group):
    def upcoming_events(request, shown_group):
        return format_html(
            "<section><h2>Prochains événements</h2><p>{}</p></section>", shown_group.name
        )

    integration.register(group_extras=upcoming_events)
    try:
        html = client.get(f"/groupes/{group.slug}/").content.decode()
    finally:
        integration._group_extras.remove(upcoming_events)
    assert "<h2>Prochains événements</h2><p>Vélo à Creil</p>" in html


def test_staff_edit_the_list_of_themes_as_snippets(client, db):
    admin = get_user_model().objects.create_superuser("root", "root@exemple.fr", "x-long-pass")
    client.force_login(admin)
    response = client.get("/admin/snippets/civic/theme/")
    assert response.status_code == 200
    assert "Mobilité" in response.content.decode()
