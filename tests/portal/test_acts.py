"""The council's acts: published in full, for good, with the date each version went online."""

import csv
import datetime
import io
import json
from html import unescape

import pytest
from django.core.files.base import ContentFile
from factories import page_text
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from civic.territories.settings import CivicSettings
from portal.acts_export import SCDL_COLUMNS
from portal.models import ActPage, ActPublication, ActsIndexPage, CouncilMeetingPage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def make_document(media_root):
    def make(name="acte.pdf", content=PDF):
        return get_document_model().objects.create(title=name, file=ContentFile(content, name=name))

    return make


@pytest.fixture
def acts_index(demo):
    settings = CivicSettings.for_site(demo.site)
    settings.authority_name = "Département de l'Oise"
    settings.save()
    index = ActsIndexPage(
        title="Actes administratifs", slug="actes", siret="22600001700017", introduction="Actes."
    )
    demo.home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_act(acts_index, make_document):
    def make(title, *, parent=None, publish=True, **fields):
        fields.setdefault("nature", "deliberation")
        fields.setdefault("number", "2026-001")
        fields.setdefault("act_date", datetime.date(2026, 3, 12))
        act = ActPage(
            title=title, document=fields.pop("document", None) or make_document(), **fields
        )
        (parent or acts_index).add_child(instance=act)
        revision = act.save_revision()
        if publish:
            revision.publish()
        return ActPage.objects.get(pk=act.pk)

    return make


def test_a_published_deliberation_is_listed_with_the_date_it_went_online(
    client, acts_index, make_act
):
    make_act("Attribution des subventions aux associations", number="2026-DEL-042")

    html = unescape(page_text(client.get(acts_index.url)))

    assert "Délibération n° 2026-DEL-042" in html
    assert "Attribution des subventions aux associations" in html
    online = ActPublication.objects.get().online_at
    assert f"{online:%-d} " in html and "Mis en ligne le" in html


# With the page cache off, as when counting: routing (site, 3 page lookups, the restricted paths),
# the restricted paths for the list, its count, the restricted paths and the years for the filter,
# the settings, the breadcrumb's pages and their restrictions, the menu, the header's « chez moi »
# (the participation settings and the visitor's place).
ACTS_LIST_QUERIES = 17


def test_the_listing_filters_by_year_nature_and_words_in_a_fixed_number_of_queries(
    client, acts_index, make_act, django_assert_num_queries
):
    make_act("Budget primitif 2026", number="2026-010", act_date=datetime.date(2026, 1, 20))
    make_act("Budget primitif 2025", number="2025-010", act_date=datetime.date(2025, 1, 21))
    make_act(
        "Réglementation de la circulation sur la RD 1016",
        nature="arrete",
        number="2026-ARR-7",
        act_date=datetime.date(2026, 2, 3),
    )

    def listed(**params):
        return page_text(client.get(acts_index.url, params))

    assert "Budget primitif 2025" not in listed(annee="2026")
    assert "Budget primitif 2026" in listed(annee="2026")
    by_nature = listed(nature="arrete")
    assert "RD 1016" in by_nature and "Budget" not in by_nature
    assert "RD 1016" in listed(q="circulation rd")  # accents and case aside
    assert "2026-ARR-7" in listed(q="2026-arr-7")
    assert "Aucun acte ne correspond" in listed(q="inexistant")

    with django_assert_num_queries(ACTS_LIST_QUERIES):
        client.get(acts_index.url)
    for number in range(20):
        make_act(f"Subvention n° {number}", number=f"2026-{100 + number}")
    with django_assert_num_queries(ACTS_LIST_QUERIES):
        client.get(acts_index.url, {"annee": "2026"})


def test_bad_filters_are_ignored_rather_than_failing(client, acts_index, make_act):
    make_act("Budget primitif 2026")
    for params in ({"annee": "20x6"}, {"nature": "<script>"}, {"q": "\x00" * 3}, {"page": "-1"}):
        response = client.get(acts_index.url, params)
        assert response.status_code in (200, 400), params
        assert "Budget primitif 2026" in page_text(response) or response.status_code == 400


def _edit_data(act, **changes):
    data = {
        "title": act.title,
        "slug": act.slug,
        "nature": act.nature,
        "number": act.number,
        "act_date": act.act_date.isoformat(),
        "document": act.document_id,
        "correction_reason": "",
        "matter_code": act.matter_code,
        "matter_detail": act.matter_detail,
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(changes)
    return nested_form_data(data)


def test_replacing_a_published_pdf_asks_why_and_keeps_both_versions_visible(
    admin_client, client, make_act, make_document
):
    act = make_act("Tarifs de la restauration scolaire")
    first = act.document
    corrected = make_document("acte-corrige.pdf")
    edit_url = f"/admin/pages/{act.pk}/edit/"

    refused = admin_client.post(edit_url, _edit_data(act, document=corrected.pk))
    assert refused.status_code == 200
    assert "dites pourquoi vous le corrigez" in unescape(refused.content.decode())
    assert ActPublication.objects.filter(page=act).count() == 1

    accepted = admin_client.post(
        edit_url,
        _edit_data(act, document=corrected.pk, correction_reason="Erreur matérielle : un tarif."),
    )
    assert accepted.status_code == 302

    versions = list(ActPublication.objects.filter(page=act).order_by("online_at", "pk"))
    assert [v.document_id for v in versions] == [first.pk, corrected.pk]
    html = unescape(page_text(client.get(act.url)))
    assert "Versions successives" in html
    assert first.url in html and corrected.url in html
    assert "Erreur matérielle : un tarif." in html


def test_an_act_must_be_a_pdf(admin_client, make_act, make_document):
    act = make_act("Tarifs")
    word = make_document("acte.docx", b"PK\x03\x04")

    response = admin_client.post(
        f"/admin/pages/{act.pk}/edit/", _edit_data(act, document=word.pk, correction_reason="x")
    )

    assert response.status_code == 200
    assert "au format PDF" in unescape(response.content.decode())
    assert ActPage.objects.get(pk=act.pk).document_id != word.pk


def test_a_published_act_can_be_neither_deleted_nor_unpublished(admin_client, make_act, acts_index):
    act = make_act("Tarifs")

    for url in (f"/admin/pages/{act.pk}/delete/", f"/admin/pages/{act.pk}/unpublish/"):
        response = admin_client.post(url, follow=True)
        assert "Un acte publié reste en ligne" in unescape(response.content.decode()), url
        assert ActPage.objects.live().filter(pk=act.pk).exists()
    # Nor with the listing that holds it.
    admin_client.post(f"/admin/pages/{acts_index.pk}/delete/")
    assert ActPage.objects.live().filter(pk=act.pk).exists()


def test_the_deliberations_export_follows_the_scdl_schema(client, acts_index, make_act):
    act = make_act(
        "Subventions aux associations sportives",
        number="2026-DEL-042",
        matter_code="7.5",
        matter_detail="Subventions",
        prefecture_sent_on=datetime.date(2026, 3, 14),
        votes_members=42,
        votes_cast=40,
        votes_for=35,
        votes_against=3,
        votes_abstention=2,
    )
    make_act("Arrêté de circulation", nature="arrete", number="2026-ARR-1")

    response = client.get(acts_index.url + "donnees/deliberations-csv/")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert list(rows[0]) == SCDL_COLUMNS
    assert len(rows) == 1  # deliberations only
    row = rows[0]
    assert row["COLL_NOM"] == "Département de l'Oise"
    assert row["COLL_SIRET"] == "22600001700017"
    assert row["DELIB_ID"] == "2026-DEL-042"
    assert row["DELIB_DATE"] == "2026-03-12"
    assert row["DELIB_MATIERE_CODE"] == "7.5"
    assert row["DELIB_MATIERE_NOM"] == "Finances locales / Subventions"
    assert row["DELIB_OBJET"] == "Subventions aux associations sportives"
    assert row["PREF_DATE"] == "2026-03-14"
    assert (row["VOTE_POUR"], row["VOTE_CONTRE"], row["VOTE_ABSTENTION"]) == ("35", "3", "2")
    assert row["DELIB_URL"] == "http://testserver" + act.document.url

    data = json.loads(client.get(acts_index.url + "donnees/deliberations-json/").content)
    assert data[0]["DELIB_ID"] == "2026-DEL-042" and data[0]["VOTE_EFFECTIF"] == 42


def test_the_rss_feed_announces_each_act_put_online(client, acts_index, make_act):
    make_act("Tarifs de la restauration scolaire", number="2026-DEL-7")

    feed = client.get(acts_index.url + "flux/rss/").content.decode()

    assert "<title>Délibération n° 2026-DEL-7 — Tarifs de la restauration scolaire</title>" in feed


def test_a_meeting_page_lists_its_deliberations_then_its_list_and_minutes(
    client, acts_index, make_act
):
    meeting = CouncilMeetingPage(
        title="Séance du 12 mars 2026",
        slug="seance-2026-03-12",
        meeting_at=datetime.datetime(2026, 3, 12, 14, 0, tzinfo=datetime.UTC),
        assembly="Conseil départemental",
        agenda="<ol><li>Budget</li></ol>",
    )
    acts_index.add_child(instance=meeting)
    meeting.save_revision().publish()
    make_act("Budget primitif", parent=meeting, number="2026-DEL-001")
    make_act("Procès-verbal de la séance", parent=meeting, nature="proces_verbal", number="PV-1")

    html = unescape(page_text(client.get(meeting.url)))

    assert "Conseil départemental" in html
    assert "n° 2026-DEL-001 — Budget primitif" in html
    assert "Procès-verbal — Procès-verbal de la séance" in html
    assert html.index("Budget primitif") < html.index("Procès-verbal de la séance")
