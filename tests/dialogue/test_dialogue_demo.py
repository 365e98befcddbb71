"""The demo dialogue: groups across the Oise, real French, one open consultation, one answered."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django_tasks_db.models import DBTaskResult
from factories import page_text

from civic.dialogue.models.discussions import Consultation, Discussion, Post
from civic.dialogue.models.groups import CivicGroup
from civic.dialogue.models.notifications import Notification
from civic.territories.models import Territory
from demo.dialogue import create_dialogue_demo


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("admin", "admin@exemple.fr", "x-long-pass")


def test_the_demo_creates_groups_in_several_communes_and_epci(admin, portal_territory):
    created = create_dialogue_demo(stdout=StringIO(), moderator=admin)
    assert len(created) == 6
    kinds = set(CivicGroup.objects.values_list("territory__kind", flat=True))
    assert {Territory.Kind.COMMUNE, Territory.Kind.EPCI, Territory.Kind.DEPARTEMENT} <= kinds
    communes = CivicGroup.objects.filter(territory__kind="commune").values("territory").distinct()
    assert communes.count() >= 3
    assert Discussion.objects.count() >= 8
    assert not Post.objects.filter(body__icontains="lorem").exists()
    consultations = list(Consultation.objects.all())
    assert sum(c.is_open for c in consultations) == 1
    answered = [c for c in consultations if hasattr(c, "official_answer")]
    assert len(answered) == 1
    assert answered[0].official_answer.author_label.startswith("Nadia Chevalier — Adjoint")
    assert not Notification.objects.unsent().exists()  # invented people have no mailbox
    assert not DBTaskResult.objects.filter(
        task_path="civic.dialogue.services.notifications.announce_post"
    ).exists()


def test_running_the_demo_twice_creates_nothing_more(admin, portal_territory):
    create_dialogue_demo(moderator=admin)
    counts = (CivicGroup.objects.count(), Post.objects.count())
    assert create_dialogue_demo(moderator=admin) == []
    assert (CivicGroup.objects.count(), Post.objects.count()) == counts


def test_the_demo_pages_read_well(client, admin, portal_territory):
    create_dialogue_demo(moderator=admin)
    creil = CivicGroup.objects.get(name="Solidarité et entraide à Creil")
    page = page_text(client.get(f"/groupes/{creil.slug}/"))
    assert "Collecte alimentaire de décembre" in page and "Épinglée" in page
    assert "Horaires de la future maison France services" in page
    consultations = page_text(client.get("/consultations/"))
    assert consultations.index("Horaires de la future maison") < consultations.index(
        "Quels arbres pour l'avenue"
    )
    answered = Consultation.objects.get(discussion__title__startswith="Quels arbres")
    thread = page_text(client.get(f"/discussions/{answered.discussion_id}/"))
    assert "Réponse officielle" in thread and "mélange d'essences locales" in thread
