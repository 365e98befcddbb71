"""The council's identity, set by staff: a theme, its colours checked for contrast, its font."""

import pytest
from django.core.exceptions import ValidationError
from factories import page_text

from demo.authority import authority_for
from portal.models import PortalSettings
from portal.theme import THEMES, contrast, nearest_passing


def test_a_colour_too_light_for_white_text_is_refused_with_its_ratio_and_the_nearest_that_passes(
    demo,
):
    portal_settings = PortalSettings.for_site(demo.site)
    portal_settings.primary_colour = "#4f9bd9"  # a sky blue: 3.0:1 against white

    with pytest.raises(ValidationError) as refused:
        portal_settings.full_clean()

    message = refused.value.message_dict["primary_colour"][0]
    assert "contraste de 3,0:1 avec le blanc" in message
    assert "4,5:1" in message
    nearest = nearest_passing("#4f9bd9")
    assert f"La teinte la plus proche qui convient est {nearest}" in message
    assert contrast(nearest, "#ffffff") >= 4.5
    assert contrast(nearest, "#ffffff") < 4.7  # just enough: the nearest, not black


def test_a_dark_enough_colour_is_accepted(demo):
    portal_settings = PortalSettings.for_site(demo.site)
    portal_settings.primary_colour = "#2f6fa3"
    portal_settings.secondary_colour = "#3d2e1f"
    portal_settings.full_clean()


def test_every_ready_theme_passes_the_contrast_check():
    for theme in THEMES.values():
        assert contrast(theme.primary, "#ffffff") >= 4.5, theme.label
        assert contrast(theme.secondary, "#ffffff") >= 4.5, theme.label


def test_pages_load_the_councils_colours_and_self_hosted_font(client, demo):
    portal_settings = PortalSettings.for_site(demo.site)
    portal_settings.primary_colour = "#2f6fa3"
    portal_settings.font = "atkinson-hyperlegible"
    portal_settings.save()

    html = page_text(client.get("/"))
    version = PortalSettings.for_site(demo.site).theme_version
    assert f'href="/theme.css?v={version}"' in html

    css = client.get(f"/theme.css?v={version}")
    body = css.content.decode()
    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert "--color-primary:#2f6fa3;" in body
    assert "font-family:'Atkinson Hyperlegible'" in body
    assert "url(/static/portal/fonts/atkinson-hyperlegible-latin-400-normal.woff2)" in body
    assert "immutable" in css["Cache-Control"]


def test_the_demo_has_the_oises_own_identity_and_another_departement_another(demo, oise):
    portal_settings = PortalSettings.for_site(demo.site)
    assert portal_settings.theme == "bocage"
    assert portal_settings.logo is not None
    assert authority_for("80", oise).theme != "bocage"


def test_the_favicon_and_sharing_image_are_made_from_the_logo(client, demo):
    html = " ".join(page_text(client.get("/")).split())

    assert '<link rel="icon" type="image/png" href="/media/images/' in html
    assert '<link rel="apple-touch-icon" href="/media/images/' in html
    assert '<meta property="og:image" content="http://testserver/media/images/' in html
