"""The « Actualités » block: the latest news, those about the visitor's area first."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from portal.targeting import visitor_commune


class NewsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), default=_("Actualités"), max_length=120)
    count = blocks.IntegerBlock(
        label=_("Nombre d'actualités"), default=3, min_value=1, max_value=12
    )
    index_page = blocks.PageChooserBlock(
        label=_("Liste d'actualités"),
        page_type="portal.NewsIndexPage",
        required=False,
        help_text=_(
            "Les actualités de cette liste seulement, et un lien vers elle. Par défaut, toutes."
        ),
    )

    class Meta:
        icon = "date"
        label = _("Actualités")
        template = "portal/blocks/news_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        # Through the app registry: the news page's body is made of these blocks.
        items = apps.get_model("portal", "NewsPage").cards()
        index_page = value.get("index_page")
        if index_page is not None:
            items = items.child_of(index_page)
        # The most specific first: an item of the visitor's commune within the freshness window
        # comes first, so the block always shows one when there is one.
        context["news_items"] = list(items.for_visitor(request)[: value.get("count") or 3])
        context["commune"] = visitor_commune(request)
        context["index_page"] = index_page
        return context
