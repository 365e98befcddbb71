"""The portal's map component: shipped outlines, the commune a point falls in, the include and
the privacy of its defaults (no tile server, nothing from elsewhere allowed by the CSP)."""

import json

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from civic.territories import outlines


def test_a_point_in_beauvais_is_found_in_beauvais_and_one_in_creil_in_creil():
    assert outlines.commune_code_at(49.4295, 2.0807, ["60"]) == "60057"
    assert outlines.commune_code_at(49.2597, 2.4749, ["60"]) == "60175"


def test_a_point_outside_the_shipped_departements_has_no_commune():
    assert outlines.commune_code_at(48.8566, 2.3522, ["60"]) is None  # Paris
    assert outlines.commune_code_at(49.4295, 2.0807, ["02"]) is None  # nothing shipped for 02


def test_every_commune_of_the_oise_has_an_outline():
    import csv

    shipped = {code for code, _box, _polygons in outlines._communes("60")}
    with (outlines.OUTLINES_DIR.parent / "territories" / "communes.csv").open() as file:
        communes = {row["code"] for row in csv.DictReader(file) if row["departement"] == "60"}
    assert communes <= shipped


def test_distances_are_in_metres():
    # One thousandth of a degree of latitude is about 111 m.
    assert 110 < outlines.distance_m(49.0, 2.0, 49.001, 2.0) < 112


@pytest.mark.django_db
def test_the_outlines_of_a_shipped_departement_are_served_and_others_are_not_found(client):
    response = client.get("/territoires/contours/60.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(b"".join(response.streaming_content))
    kinds = {feature["properties"]["kind"] for feature in data["features"]}
    assert kinds == {"commune", "departement"}
    assert client.get("/territoires/contours/02.geojson").status_code == 404
    assert (
        client.get("/territoires/contours/..%2Fterritories%2Fcommunes.geojson").status_code == 404
    )


def render_map(**context):
    template = Template(
        '{% include "civic/includes/map.html" with map_id="carte" list_id="liste" label="Carte" %}'
    )
    request = RequestFactory().get("/")
    return template.render(Context({"request": request, **context}))


@pytest.mark.django_db
def test_the_map_is_hidden_until_javascript_shows_it_and_names_itself(oise):
    html = render_map()
    assert 'role="region"' in html and 'aria-label="Carte"' in html
    assert " hidden" in html
    assert 'data-map-list="liste"' in html
    assert "leaflet-1.9.4/leaflet.js" in html


@pytest.mark.django_db
def test_by_default_no_tile_server_is_asked_and_the_policy_allows_images_from_the_portal_only(
    client, oise
):
    html = render_map()
    assert "data-map-tiles" not in html
    policy = client.get("/territoires/communes/")["Content-Security-Policy"]
    assert "img-src 'self';" in policy or policy.endswith("img-src 'self'")


@pytest.mark.django_db
def test_tiles_staff_configure_are_given_to_the_map(settings, oise):
    settings.MAP_TILES_URL = "https://tuiles.exemple.fr/{z}/{x}/{y}.png"
    settings.MAP_TILES_ATTRIBUTION = "© Exemple"
    html = render_map()
    assert 'data-map-tiles="https://tuiles.exemple.fr/{z}/{x}/{y}.png"' in html


def test_the_policy_allows_the_configured_tile_server_and_no_other_host():
    import os
    import subprocess
    import sys

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings.test';"
        "from django.conf import settings;"
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    env = {**os.environ, "MAP_TILES_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png"}
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[\"'self'\", 'https://tile.openstreetmap.org']"
