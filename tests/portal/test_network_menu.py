"""Without a menu set by staff, the main menu still leads to the network's sections."""

import re

import pytest
from factories import page_text


@pytest.mark.django_db
def test_the_default_main_menu_links_to_agenda_groups_consultations_and_near_me(client):
    html = page_text(client.get("/groupes/"))
    menu = re.search(r'<nav class="main-menu".*?</nav>', html, re.S).group(0)
    for href, text in [
        ("/agenda/", "Agenda"),
        ("/groupes/", "Groupes"),
        ("/consultations/", "Consultations"),
        ("/participer/", "Participer"),
        ("/pres-de-chez-moi/", "Près de chez moi"),
    ]:
        assert f'href="{href}"' in menu and text in menu
    assert (
        'href="/groupes/"\n           aria-current="page"' in menu
        or 'aria-current="page">Groupes' in menu
    )
