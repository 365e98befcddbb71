"""Blocks that show the network on portal pages: groups near the visitor, latest discussions,
open consultations. Each reads civic's public querysets (hidden content never shows) and puts
what concerns the visitor's commune first."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from civic.dialogue.models.discussions import Consultation, Discussion
from civic.dialogue.models.groups import CivicGroup
from civic.territories.settings import root_territory
from portal.page_cache import DIALOGUE, shows
from portal.targeting import freshness_since, visitor_commune, visitor_vicinity


def _request(parent_context):
    return (parent_context or {}).get("request")


class _CivicListBlock(blocks.StructBlock):
    count = blocks.IntegerBlock(label=_("Nombre d'éléments"), default=4, min_value=1, max_value=12)

    def items(self, request, count):
        raise NotImplementedError

    def get_context(self, value, parent_context=None):
        shows(DIALOGUE)  # renewed when a discussion or a group's activity changes
        context = super().get_context(value, parent_context=parent_context)
        request = _request(parent_context)
        context["commune"] = visitor_commune(request)
        context["items"] = self.items(request, value.get("count") or 4)
        return context


class NearbyGroupsBlock(_CivicListBlock):
    title = blocks.CharBlock(
        label=_("Titre"), default=_("Groupes près de chez vous"), max_length=120
    )

    class Meta:
        icon = "group"
        label = _("Groupes près de chez vous")
        template = "portal/blocks/nearby_groups_block.html"

    def items(self, request, count):

        groups = CivicGroup.objects.visible().select_related("territory", "theme")
        commune = visitor_commune(request)
        if commune is not None:
            groups = groups.concerning(commune)
        else:
            root = root_territory(request)
            if root is not None:
                groups = groups.within(root)
        groups = groups.most_specific_first(
            visitor_vicinity(request), since=freshness_since(request)
        )
        return list(groups[:count])


class LatestDiscussionsBlock(_CivicListBlock):
    title = blocks.CharBlock(label=_("Titre"), default=_("Dernières discussions"), max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Dernières discussions")
        template = "portal/blocks/latest_discussions_block.html"

    def items(self, request, count):

        discussions = (
            Discussion.objects.visible()
            .select_related("group__territory")
            .most_specific_first(visitor_vicinity(request), since=freshness_since(request))
        )
        return list(discussions[:count])


class OpenConsultationsBlock(_CivicListBlock):
    title = blocks.CharBlock(label=_("Titre"), default=_("Consultations en cours"), max_length=120)

    class Meta:
        icon = "help"
        label = _("Consultations en cours")
        template = "portal/blocks/open_consultations_block.html"

    def items(self, request, count):

        consultations = (
            Consultation.objects.visible()
            .open()
            .filter(discussion__opening_approved=True)
            .select_related("discussion__group__territory")
            .most_specific_first(visitor_vicinity(request))
        )
        return list(consultations[:count])
