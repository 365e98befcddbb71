"""Content blocks: each renders through its own accessible template, and the editor is guided."""

import json
import re
from html import unescape

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from portal.blocks.content import CallToActionBlock, HeadingBlock
from portal.models import StandardPage


@pytest.fixture
def page_with_every_block(demo, image):
    charter = StandardPage.objects.get(slug="charte-de-participation")
    body = [
        {"type": "heading", "value": {"text": "Le projet en bref", "level": "h2"}},
        {"type": "heading", "value": {"text": "Calendrier", "level": "h3"}},
        {
            "type": "paragraph",
            "value": "<p>Une réunion publique aura lieu <b>salle Jean-Moulin</b>.</p>",
        },
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "alt_text": "Des habitants réunis devant la mairie",
                "caption": "La réunion de lancement",
                "credit": "Service communication",
            },
        },
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "", "caption": "", "credit": ""},
        },
        {
            "type": "quote",
            "value": {
                "text": "Nous voulons un parc où les enfants peuvent jouer.",
                "author": "Camille Martin",
                "role": "habitante du quartier Saint-Jean",
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "title": "Donnez votre avis",
                "text": "La consultation est ouverte jusqu'au 30 juin.",
                "page": charter.pk,
                "url": "",
                "button_label": "Lire la charte",
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "title": "Le dossier complet",
                "text": "",
                "page": None,
                "url": "https://www.oise.fr/",
                "button_label": "Consulter le dossier",
            },
        },
    ]
    page = StandardPage(
        title="Réaménagement du parc",
        slug="reamenagement-du-parc",
        introduction="Le parc sera réaménagé en concertation avec les habitants.",
        body=json.dumps(body),
    )
    demo.home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_standard_page_renders_each_kind_of_block(client, page_with_every_block):
    response = client.get(page_with_every_block.url)

    assert response.status_code == 200
    html = response.content.decode()
    text = unescape(html)
    # Heading blocks, at the level the editor chose.
    assert '<h2 class="block-heading">Le projet en bref</h2>' in html
    assert '<h3 class="block-heading">Calendrier</h3>' in html
    # Rich text.
    assert "Une réunion publique aura lieu <b>salle Jean-Moulin</b>." in html
    # Quote.
    assert re.search(r'<figure class="block-quote">\s*<blockquote>\s*<p>Nous voulons un parc', html)
    assert '<cite class="block-quote__author">Camille Martin</cite>, ' in html
    assert "habitante du quartier Saint-Jean" in html
    # Calls to action, to a page of the portal and to another site.
    assert '<a class="button" href="/charte-de-participation/">Lire la charte</a>' in html
    assert '<a class="button" href="https://www.oise.fr/">Consulter le dossier</a>' in html
    assert "La consultation est ouverte jusqu'au 30 juin." in text


def test_an_image_block_is_a_responsive_figure_with_its_caption_and_credit(
    client, page_with_every_block
):
    html = client.get(page_with_every_block.url).content.decode()

    figures = re.findall(r'<figure class="block-image">(.*?)</figure>', html, re.S)
    assert len(figures) == 2
    described, decorative = figures
    img = re.search(r"<img[^>]*>", described).group(0)
    assert 'alt="Des habitants réunis devant la mairie"' in img
    assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
    assert 'loading="lazy"' in img
    assert re.search(r'srcset="[^"]*400w[^"]*800w[^"]*1200w"', img)
    assert 'sizes="(min-width: 50rem) 50rem, 100vw"' in img
    assert "<figcaption>" in described
    assert "La réunion de lancement" in described
    assert "Crédit : Service communication" in described
    # An image without alternative text is decorative: alt="" and no empty caption.
    assert 'alt=""' in decorative
    assert "<figcaption>" not in decorative


def test_the_standard_page_has_a_breadcrumb_and_lists_its_child_pages(client, demo):
    html = client.get("/a-propos/").content.decode()

    breadcrumb = re.search(r'<nav class="breadcrumb"(.*?)</nav>', html, re.S).group(0)
    assert 'aria-label="Fil d\'Ariane"' in unescape(breadcrumb)
    assert '<a href="/">Accueil</a>' in breadcrumb
    assert '<span aria-current="page">À propos du portail</span>' in breadcrumb
    assert "Dans cette rubrique" in html
    assert '<a href="/a-propos/questions-frequentes/">Questions fréquentes</a>' in html


def test_a_call_to_action_without_a_page_or_an_address_is_refused_in_french():
    block = CallToActionBlock()
    value = block.to_python(
        {"title": "Participer", "text": "", "page": None, "url": "", "button_label": "Y aller"}
    )

    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)

    messages = [str(message) for e in error.value.block_errors.values() for message in e.messages]
    assert "Choisissez une page du portail ou saisissez une adresse externe." in messages


def test_a_call_to_action_with_an_address_is_accepted():
    block = CallToActionBlock()
    value = block.to_python(
        {
            "title": "Participer",
            "text": "",
            "page": None,
            "url": "https://www.oise.fr/",
            "button_label": "Y aller",
        }
    )

    assert block.clean(value)["url"] == "https://www.oise.fr/"


def test_a_heading_block_offers_only_second_and_third_levels():
    choices = [value for value, _label in HeadingBlock().child_blocks["level"].field.choices]

    assert [c for c in choices if c] == ["h2", "h3"]
