"""What staff plug into the dialogue: the themes list."""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture(autouse=True)
def portal_in_the_oise(portal_territory):
    return portal_territory


def test_staff_edit_the_list_of_themes_as_snippets(client, db):
    admin = get_user_model().objects.create_superuser("root", "root@exemple.fr", "x-long-pass")
    client.force_login(admin)
    response = client.get("/admin/snippets/civic/theme/")
    assert response.status_code == 200
    assert "Mobilité" in response.content.decode()
