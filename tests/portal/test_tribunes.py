"""« Tribunes »: the opposition's space of expression, written by each group, published as written."""

import datetime
from html import unescape

import pytest
from django.utils import timezone
from factories import make_member, page_text

from portal.models import PoliticalGroup, Tribune, TribunePeriod, TribunesPage

TODAY = timezone.localdate()


@pytest.fixture
def tribunes_page(demo):
    page = TribunesPage(title="Tribunes", slug="tribunes")
    demo.home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def groups(db, beauvais):
    majority = PoliticalGroup.objects.create(name="Oise en commun", is_majority=True, sort_order=1)
    opposition = PoliticalGroup.objects.create(name="L'Oise autrement", sort_order=2)
    writers = {
        "majority": make_member(first_name="Hervé", last_name="Dumont", commune=beauvais),
        "opposition": make_member(first_name="Agnès", last_name="Roy", commune=beauvais),
    }
    majority.writers.add(writers["majority"])
    opposition.writers.add(writers["opposition"])
    return {"majority": majority, "opposition": opposition, "writers": writers}


@pytest.fixture
def period(db):
    return TribunePeriod.objects.create(
        title="Avril 2026",
        deadline=TODAY + datetime.timedelta(days=5),
        published_on=TODAY,
        character_limit=300,
    )


def write_url(page, period, group):
    return f"{page.url}ecrire/{period.pk}/{group.pk}/"


def test_each_group_writes_its_text_and_all_are_shown_side_by_side_as_written(
    client, tribunes_page, groups, period
):
    client.force_login(groups["writers"]["opposition"])
    home = page_text(client.get(tribunes_page.url))
    assert "Votre groupe peut transmettre sa tribune" in home

    text = "Le budget oublie les villages.\n\n<b>Nous demandons</b> un plan rural."
    response = client.post(
        write_url(tribunes_page, period, groups["opposition"]),
        {"title": "Les villages d'abord", "text": text},
    )
    assert response.status_code == 302

    client.logout()
    html = unescape(page_text(client.get(tribunes_page.url)))
    assert "Avril 2026" in html
    assert "Les villages d'abord" in html
    assert "<b>Nous demandons</b>" in html  # shown as typed, never as markup
    assert "&lt;b&gt;Nous demandons" in client.get(tribunes_page.url).content.decode()
    assert "Ce groupe n'a pas transmis de tribune pour cette période." in html  # the majority
    assert html.index("Oise en commun") < html.index("L'Oise autrement")


def test_a_text_over_the_common_limit_is_refused_with_its_count_and_kept(
    client, tribunes_page, groups, period
):
    client.force_login(groups["writers"]["opposition"])
    long_text = "Mot " * 79 + "fin!"  # 320 characters for a limit of 300

    response = client.post(
        write_url(tribunes_page, period, groups["opposition"]), {"title": "", "text": long_text}
    )

    html = unescape(page_text(response))
    assert response.status_code == 200
    assert "Le texte compte 320 signes avec son titre, pour 300 au plus" in html
    assert "raccourcissez-le de 20 signes" in html
    assert long_text in html  # nothing lost
    assert not Tribune.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("citizen", 403), ("other_group", 403), ("writer", 200)],
)
def test_only_the_groups_own_writers_may_write_its_tribune(
    client, tribunes_page, groups, period, beauvais, who, expected
):
    users = {
        "anonymous": None,
        "citizen": make_member(first_name="Paul", last_name="Martin", commune=beauvais),
        "other_group": groups["writers"]["majority"],
        "writer": groups["writers"]["opposition"],
    }
    if users[who] is not None:
        client.force_login(users[who])

    response = client.get(write_url(tribunes_page, period, groups["opposition"]))

    assert response.status_code == expected
    if who == "anonymous":
        assert "/compte/login/" in response["Location"]


def test_after_the_deadline_the_text_can_no_longer_be_changed(
    client, tribunes_page, groups, period
):
    period.deadline = TODAY - datetime.timedelta(days=1)
    period.save()
    client.force_login(groups["writers"]["opposition"])

    response = client.post(
        write_url(tribunes_page, period, groups["opposition"]), {"text": "Trop tard."}, follow=True
    )

    assert "La date limite de remise des textes est passée." in unescape(page_text(response))
    assert not Tribune.objects.exists()


def test_staff_may_hide_a_text_for_a_recorded_reason_but_never_write_or_edit_it(
    admin_client, client, tribunes_page, groups, period
):
    tribune = Tribune.objects.create(
        period=period, group=groups["opposition"], text="Texte d'origine.", title="Titre"
    )
    edit_url = f"/admin/snippets/portal/tribune/edit/{tribune.pk}/"

    admin_client.post(
        edit_url,
        {"text": "Texte réécrit par le cabinet.", "hidden_reason": "Propos diffamatoires."},
    )

    tribune.refresh_from_db()
    assert tribune.text == "Texte d'origine."
    assert tribune.hidden_at is not None
    html = unescape(page_text(client.get(tribunes_page.url)))
    assert "Texte d'origine." not in html
    assert "Ce texte n'est pas publié" in html and "Propos diffamatoires." in html
    assert admin_client.get("/admin/snippets/portal/tribune/add/").status_code in (302, 403)


def test_a_period_not_yet_published_is_not_shown(client, tribunes_page, groups, period):
    period.published_on = TODAY + datetime.timedelta(days=3)
    period.save()
    Tribune.objects.create(period=period, group=groups["opposition"], text="Bientôt.")

    html = page_text(client.get(tribunes_page.url))

    assert "Bientôt." not in html
    assert "Aucune tribune n'est encore publiée." in unescape(html)
