"""/participer/: open consultations, proposals near me, petitions, the decisions of recent months."""

from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone

from civic.dialogue.models.discussions import Consultation
from civic.participation import permissions as rules
from civic.participation.models import Petition, Proposal
from civic.territories.models import Territory, places_within
from civic.territories.settings import root_territory

SHOWN = 6
DECISIONS_SINCE = timedelta(days=180)


def recent_decisions(limit=SHOWN):
    since = timezone.now() - DECISIONS_SINCE
    return list(
        Proposal.objects.visible()
        .decided()
        .filter(status_changed_at__gte=since)
        .with_related()
        .order_by("-status_changed_at", "-pk")[:limit]
    )


def most_supported(territory=None, limit=SHOWN):
    proposals = Proposal.objects.visible().filter(status=Proposal.Status.SUBMITTED)
    if territory is not None:
        proposals = proposals.filter(territory__in=places_within(territory))
    return list(proposals.with_related().order_by("-support_count", "-created_at")[:limit])


def open_petitions(limit=SHOWN):
    return list(Petition.objects.visible().open().with_related().order_by("-created_at")[:limit])


def participate(request):
    commune = rules.home_commune_id(request.user)
    near = []
    if commune is not None:
        near = list(
            Proposal.objects.visible()
            .filter(territory__in=Territory.objects.containing(commune).values("pk"))
            .with_related()
            .order_by("-created_at", "-pk")[:SHOWN]
        )
    context = {
        "consultations": list(
            Consultation.objects.visible()
            .open()
            .select_related("discussion__group__territory")
            .open_first()[:SHOWN]
        ),
        "near": near,
        "has_commune": commune is not None,
        "supported": most_supported(root_territory(request)),
        "petitions": open_petitions(),
        "decisions": recent_decisions(),
        "can_propose": rules.can_propose(request.user),
    }
    return render(request, "civic/participation/participate.html", context)
