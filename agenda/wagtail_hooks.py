from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from agenda.admin_views import EventModerationViewSet
from agenda.models import CategoryMapping, EventCategory


@hooks.register("register_admin_viewset")
def register_event_moderation():
    return EventModerationViewSet()


class EventCategoryViewSet(SnippetViewSet):
    model = EventCategory
    icon = "tag"
    menu_label = gettext_lazy("Catégories d'événement")
    list_display = ["name", "slug", "order"]
    ordering = ["order", "name"]


register_snippet(EventCategoryViewSet)


class CategoryMappingViewSet(SnippetViewSet):
    model = CategoryMapping
    icon = "tag"
    menu_label = gettext_lazy("Correspondances de catégories")
    list_display = ["name", "category"]
    ordering = ["name"]


register_snippet(CategoryMappingViewSet)
