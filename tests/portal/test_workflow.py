"""Editorial workflow: Communication writes and submits, the senior editors approve and publish;
scheduled publishing, revisions and preview."""

import datetime
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from factories import make_member, page_text
from wagtail.models import Workflow, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from civic.moderation.elections import ElectionPeriod
from portal.models import NewsPage


@pytest.fixture
def communication(db, beauvais):
    return make_member(
        first_name="Léa", last_name="Redactrice", commune=beauvais, groups=["Communication"]
    )


@pytest.fixture
def senior_editor(db, beauvais):
    return make_member(
        first_name="Marc", last_name="Chef", commune=beauvais, groups=["Rédaction en chef"]
    )


def news_form(creil, **overrides):
    data = {
        "title": "Le marché de Creil s'agrandit",
        "slug": "le-marche-de-creil-s-agrandit",
        "date": "2026-05-04",
        "territory": creil.pk,
        "tags": "commerce",
        "summary": "Vingt nouveaux étals place Carnot dès le mois de juin.",
        "image_alt": "",
        "body": streamfield([]),
        "comments-TOTAL_FORMS": 0,
        "comments-INITIAL_FORMS": 0,
        "comments-MIN_NUM_FORMS": 0,
        "comments-MAX_NUM_FORMS": 1000,
    }
    data.update(overrides)
    return nested_form_data(data)


def create_news(client, news_index, creil, action):
    url = reverse("wagtailadmin_pages:add", args=["portal", "newspage", news_index.pk])
    return client.post(url, {**news_form(creil), action: "1"})


def test_the_relecture_workflow_with_the_senior_editors_task_covers_every_page(demo):
    workflow = demo.home.get_workflow()

    assert workflow == Workflow.objects.get(name="Relecture")
    review, pre_election = (task.specific for task in workflow.tasks.order_by("workflow_tasks"))
    assert [group.name for group in review.groups.all()] == ["Rédaction en chef"]
    assert pre_election.name == "Relecture préélectorale (article L52-1)"


def test_a_communication_editor_cannot_publish_directly(client, news_index, communication, creil):
    client.force_login(communication)

    create_news(client, news_index, creil, "action-publish")

    page = NewsPage.objects.get(slug="le-marche-de-creil-s-agrandit")
    assert not page.live
    assert not page.first_published_at
    assert client.get(news_index.url + page.slug + "/").status_code == 404


def test_a_submitted_page_is_published_when_a_senior_editor_approves_it(
    client, news_index, communication, senior_editor, creil
):
    client.force_login(communication)
    create_news(client, news_index, creil, "action-submit")
    page = NewsPage.objects.get(slug="le-marche-de-creil-s-agrandit")
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not page.live

    client.force_login(senior_editor)
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": "Parfait, merci."},
    )

    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert "Le marché de Creil s'agrandit" in page_text(client.get(page.url))


def test_a_communication_editor_cannot_approve_their_own_submission(
    client, news_index, communication, creil
):
    client.force_login(communication)
    create_news(client, news_index, creil, "action-submit")
    page = NewsPage.objects.get(slug="le-marche-de-creil-s-agrandit")
    task_state = WorkflowState.objects.get(object_id=str(page.pk)).current_task_state

    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    )

    page.refresh_from_db()
    assert not page.live


def test_a_page_scheduled_for_later_goes_live_with_publish_scheduled(
    news_index, make_news, senior_editor
):
    page = make_news("Ouverture de la saison culturelle", publish=False)
    page.go_live_at = timezone.now() + datetime.timedelta(days=2)
    revision = page.save_revision(user=senior_editor)
    revision.publish(user=senior_editor)
    page.refresh_from_db()
    assert not page.live

    call_command("publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert not page.live

    # Two days later (the revision's dates are moved back rather than the clock forward).
    revision.refresh_from_db()
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled", stdout=StringIO())

    page.refresh_from_db()
    assert page.live


def test_editors_see_the_revisions_and_preview_a_draft(
    client, news_index, make_news, communication, creil
):
    page = make_news("Brouillon à relire", publish=False)
    client.force_login(communication)

    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = news_form(creil, title="Brouillon à relire", slug=page.slug)
    client.post(preview_url, data)
    preview = client.get(preview_url)

    assert history.status_code == 200
    assert preview.status_code == 200
    assert "Brouillon à relire" in page_text(preview)


def test_both_editor_groups_may_edit_the_settings_menus_and_links(
    client, demo, communication, senior_editor
):
    for user in (communication, senior_editor):
        client.force_login(user)
        url = reverse("wagtailsettings:edit", args=["portal", "portalsettings", demo.site.pk])
        response = client.get(url)
        assert response.status_code == 200, user
        assert "Menus et liens" in page_text(response)


def _approve(client, page, state):
    task_state = state.current_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
    )


def test_during_a_pre_election_period_news_get_a_second_review_before_publication(
    client, news_index, communication, senior_editor, creil, oise
):
    today = timezone.localdate()
    ElectionPeriod.objects.create(
        name="Élections départementales",
        territory=oise,
        starts_on=today - datetime.timedelta(days=30),
        election_on=today + datetime.timedelta(days=60),
    )
    client.force_login(communication)
    create_news(client, news_index, creil, "action-submit")
    page = NewsPage.objects.get(slug="le-marche-de-creil-s-agrandit")
    state = WorkflowState.objects.get(object_id=str(page.pk))

    client.force_login(senior_editor)
    _approve(client, page, state)
    state.refresh_from_db()
    page.refresh_from_db()
    assert not page.live
    assert state.current_task_state.task.name == "Relecture préélectorale (article L52-1)"
    dashboard = " ".join(client.get("/admin/").content.decode().split())
    assert "Période préélectorale en cours : Élections départementales" in unescape(dashboard)

    _approve(client, page, state)
    page.refresh_from_db()
    assert page.live


def test_outside_a_pre_election_period_the_second_review_passes_by_itself(
    client, news_index, communication, senior_editor, creil, oise
):
    today = timezone.localdate()
    ElectionPeriod.objects.create(
        name="Élections passées",
        territory=oise,
        starts_on=today - datetime.timedelta(days=300),
        election_on=today - datetime.timedelta(days=100),
    )
    client.force_login(communication)
    create_news(client, news_index, creil, "action-submit")
    page = NewsPage.objects.get(slug="le-marche-de-creil-s-agrandit")
    state = WorkflowState.objects.get(object_id=str(page.pk))

    client.force_login(senior_editor)
    _approve(client, page, state)

    page.refresh_from_db()
    assert page.live
