"""Images: responsive renditions with their dimensions, lazy below the fold, eager above it."""

import re

from factories import page_text

from portal.models import SectionPage


def img_tags(html, css_class=None):
    tags = re.findall(r"<img[^>]*>", html)
    return [tag for tag in tags if css_class is None or css_class in tag]


def test_news_cards_use_a_srcset_with_dimensions_and_load_lazily(
    client, news_index, make_news, image
):
    make_news("Ouverture du collège de Méru", image=image, image_alt="La cour du collège")

    html = page_text(client.get(news_index.url))

    (card_image,) = img_tags(html, "news-card__image")
    assert re.search(r'srcset="[^"]*400w[^"]*800w"', card_image)
    assert 'sizes="(min-width: 50rem) 20rem, 100vw"' in card_image
    assert re.search(r'width="\d+"', card_image) and re.search(r'height="\d+"', card_image)
    assert 'loading="lazy"' in card_image
    # The card's title says it all: the image is decorative there.
    assert 'alt=""' in card_image


def test_the_news_pages_own_image_is_above_the_fold_so_it_is_not_lazy(client, make_news, image):
    item = make_news("Ouverture du collège de Méru", image=image, image_alt="La cour du collège")

    html = page_text(client.get(item.url))

    (hero,) = [tag for tag in img_tags(html) if "La cour du collège" in tag]
    assert 'loading="lazy"' not in hero
    assert 'fetchpriority="high"' in hero
    assert re.search(r'srcset="[^"]*400w[^"]*800w[^"]*1200w"', hero)
    assert re.search(r'width="\d+"', hero) and re.search(r'height="\d+"', hero)


def test_a_section_banner_is_responsive_and_eager(client, demo, image):
    section = SectionPage(title="Jeunesse", image=image, image_alt="Des jeunes au forum")
    demo.home.add_child(instance=section)
    section.save_revision().publish()

    html = page_text(client.get(section.url))

    (banner,) = img_tags(html, "page-hero")
    assert 'alt="Des jeunes au forum"' in banner
    assert re.search(r'srcset="[^"]*640w[^"]*1280w"', banner)
    assert 'loading="lazy"' not in banner
