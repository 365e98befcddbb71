"""The blocks staff compose pages with: FAQ, key figures, privacy-friendly video, documents,
and the « Actualités » block that puts the visitor's area first."""

import json
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from factories import make_member, page_text
from wagtail.documents import get_document_model

from portal.models import StandardPage
from portal.video import video_source


def publish_page(parent, title, body):
    page = StandardPage(title=title, body=json.dumps(body))
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def document(media_root):
    return get_document_model().objects.create(
        title="Budget primitif 2026",
        file=ContentFile(b"%PDF-1.4 " + b"0" * 2048, name="budget.pdf"),
    )


def test_an_accordion_is_made_of_details_and_summary_and_needs_no_script(client, demo):
    page = publish_page(
        demo.home,
        "Vos questions",
        [
            {
                "type": "accordion",
                "value": {
                    "title": "Questions fréquentes",
                    "items": [
                        {"question": "Faut-il un compte ?", "answer": "<p>Non, pour lire.</p>"},
                        {"question": "Est-ce gratuit ?", "answer": "<p>Oui.</p>"},
                    ],
                },
            }
        ],
    )

    html = page_text(client.get(page.url))

    assert '<h2 class="block-accordion__title">Questions fréquentes</h2>' in html
    assert html.count('<details class="block-accordion__item">') == 2
    assert "<summary>Faut-il un compte ?</summary>" in html
    assert "<p>Non, pour lire.</p>" in html
    assert "<script" not in html


def test_key_figures_show_each_value_with_what_it_measures(client, demo):
    page = publish_page(
        demo.home,
        "En chiffres",
        [
            {
                "type": "key_figures",
                "value": {
                    "title": "Le budget en chiffres",
                    "figures": [
                        {"value": "1,1 Md€", "label": "de budget", "source": "Budget 2026"},
                        {"value": "679", "label": "communes", "source": ""},
                    ],
                },
            }
        ],
    )

    html = page_text(client.get(page.url))

    assert '<span class="block-figures__value">1,1 Md€</span>' in html
    assert '<span class="block-figures__label">communes</span>' in html
    assert '<span class="block-figures__source">Budget 2026</span>' in html


@pytest.mark.parametrize(
    ("url", "provider", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://vimeo.com/76979871", "Vimeo", "https://player.vimeo.com/video/76979871?dnt=1"),
        (
            "https://tube.example.fr/w/kkGMgK9ZtnKfYAgnEtQxbv",
            "tube.example.fr",
            "https://tube.example.fr/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv",
        ),
        ("https://videos.example.org/ma-video", "videos.example.org", ""),
        # A PeerTube instance the portal's Content-Security-Policy does not let pages frame.
        ("https://autre.example.net/w/kkGMgK9ZtnKfYAgnEtQxbv", "autre.example.net", ""),
    ],
)
def test_the_player_address_is_known_for_the_common_hosts(url, provider, embed, settings):
    settings.PORTAL_PEERTUBE_HOSTS = ["tube.example.fr"]
    assert video_source(url) == (provider, embed) or (
        video_source(url).provider,
        video_source(url).embed_url,
    ) == (provider, embed)


def test_a_video_loads_nothing_from_its_host_until_the_visitor_clicks(
    client, demo, image, elements
):
    page = publish_page(
        demo.home,
        "La vidéo du conseil",
        [
            {
                "type": "video",
                "value": {
                    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "title": "Séance du conseil départemental",
                    "poster": image.pk,
                    "duration": "2 h 10",
                    "transcript": "Ouverture de la séance par la présidente.",
                },
            }
        ],
    )

    html = page_text(client.get(page.url))

    # No iframe and nothing with a source on the host: only a link to the video's page.
    assert "<iframe" not in html
    for tag, attrs in elements(html):
        for name in ("src", "srcset", "poster", "data"):
            assert "youtube" not in attrs.get(name, ""), (tag, attrs)
    link = re.search(r'<a class="button"\s+href="([^"]+)"([^>]*)>\s*([^<]+)</a>', html)
    assert link.group(1) == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert 'data-video-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in link.group(2)
    assert link.group(3).strip() == "Regarder « Séance du conseil départemental » sur YouTube"
    assert "vous acceptez que ce site reçoive votre visite" in html
    # The poster is ours, the script that swaps in the player after the click too.
    assert re.search(r'<img[^>]+src="/media/images/[^"]+"', html)
    assert '<script src="/static/portal/js/video-consent.js" defer></script>' in html
    assert "<summary>Lire la transcription</summary>" in html


def test_a_document_list_links_each_file_with_its_type_and_size(client, demo, document):
    page = publish_page(
        demo.home,
        "Documents budgétaires",
        [
            {
                "type": "documents",
                "value": {
                    "title": "À télécharger",
                    "documents": [{"document": document.pk, "title": ""}],
                },
            }
        ],
    )

    html = page_text(client.get(page.url))

    assert re.search(
        r'<a href="/documents/\d+/budget[^"]*\.pdf" download>Télécharger « Budget primitif 2026 »</a>',
        html,
    )
    assert re.search(r"\(PDF, 2,0\s+Kio\)", html)


def test_the_news_block_puts_the_visitors_commune_first_and_links_to_the_list(
    client, demo, news_index, make_news, creil, beauvais
):
    today = timezone.localdate()  # within the freshness window, where local news come first
    make_news("À Beauvais, la piscine rouvre", territory=beauvais, date=today)
    make_news("À Creil, un nouveau marché", territory=creil, date=today)
    make_news("Le plan climat adopté", date=today)
    page = publish_page(
        demo.home,
        "Page avec actualités",
        [
            {
                "type": "news",
                "value": {"title": "Actualités", "count": 2, "index_page": news_index.pk},
            }
        ],
    )

    anonymous = page_text(client.get(page.url))
    client.force_login(make_member(first_name="Nora", last_name="Habitante", commune=creil))
    resident = page_text(client.get(page.url))

    assert "À Creil, un nouveau marché" in anonymous  # newest first: same date, latest created
    assert resident.index("À Creil, un nouveau marché") < resident.index("Le plan climat adopté")
    assert "À Beauvais, la piscine rouvre" not in resident  # two items only
    assert "Les actualités de Creil et de ses territoires en premier." in resident
    assert '<a href="/nouvelles-du-test/">Toutes les actualités</a>' in resident
