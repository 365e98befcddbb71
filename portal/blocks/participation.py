"""Blocks of participation on portal pages: the most supported proposals, petitions gathering
signatures, recent decisions. Each reads civic's public querysets (hidden items never show),
what concerns the visitor's area first."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from civic.participation.models import Petition, Proposal
from civic.territories.proximity import aimed_at
from portal.blocks.dialogue import _CivicListBlock
from portal.targeting import visitor_vicinity

DECISIONS_SINCE = timedelta(days=180)


def most_specific_first(queryset, request, *, field="territory"):
    """What is aimed at the visitor's commune first, then its EPCI, département, région, then the
    rest, each level in the queryset's own order (civic.territories.proximity)."""
    level = aimed_at(field, visitor_vicinity(request))
    return queryset.annotate(specificity=level).order_by("specificity", *queryset.query.order_by)


class MostSupportedProposalsBlock(_CivicListBlock):
    title = blocks.CharBlock(
        label=_("Titre"), default=_("Propositions les plus soutenues"), max_length=120
    )

    class Meta:
        icon = "pick"
        label = _("Propositions les plus soutenues")
        template = "portal/blocks/proposals_block.html"

    def items(self, request, count):
        proposals = (
            Proposal.objects.visible()
            .filter(status=Proposal.Status.SUBMITTED)
            .with_related()
            .order_by("-support_count", "-created_at")
        )
        return list(most_specific_first(proposals, request)[:count])


class OpenPetitionsBlock(_CivicListBlock):
    title = blocks.CharBlock(label=_("Titre"), default=_("Pétitions en cours"), max_length=120)

    class Meta:
        icon = "doc-full"
        label = _("Pétitions en cours")
        template = "portal/blocks/petitions_block.html"

    def items(self, request, count):
        petitions = Petition.objects.visible().open().with_related().order_by("-created_at", "-pk")
        return list(most_specific_first(petitions, request, field="collectivity")[:count])


class RecentDecisionsBlock(_CivicListBlock):
    title = blocks.CharBlock(label=_("Titre"), default=_("Décisions récentes"), max_length=120)

    class Meta:
        icon = "tick"
        label = _("Décisions récentes")
        template = "portal/blocks/decisions_block.html"

    def items(self, request, count):
        proposals = (
            Proposal.objects.visible()
            .decided()
            .filter(status_changed_at__gte=timezone.now() - DECISIONS_SINCE)
            .with_related()
            .order_by("-status_changed_at", "-pk")
        )
        return list(most_specific_first(proposals, request)[:count])
