"""News: an index page and its items, each dated, illustrated, themed and possibly targeted."""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from civic.territories.proximity import ELSEWHERE, Vicinity, aimed_at
from portal.blocks.content import BaseStreamBlock
from portal.feeds import NewsAtomFeed, NewsRssFeed
from portal.models.pages import PlainTextSearchMixin
from portal.targeting import freshness_since, visitor_commune, visitor_vicinity
from portal.visibility import RememberedRestrictionsMixin, public

NEWS_PER_PAGE = 12
# The renditions a news card uses: listings prefetch them in one query.
CARD_RENDITIONS = ("fill-400x250", "fill-800x500")


class NewsPageQuerySet(PageQuerySet):
    def most_specific_first(self, vicinity: Vicinity | None, *, since=None):
        """News about the visitor's commune (or a quartier of it) first, then its EPCI, its
        département, its région, then the rest; newest first inside each level. An item dated
        before `since` (the freshness window) no longer jumps the queue. Annotated
        `specificity` (see civic.territories.proximity)."""
        level = aimed_at("territory", vicinity, date_field="date", since=since)
        return self.annotate(specificity=level).order_by(
            "specificity", "-date", "-first_published_at", "-pk"
        )

    def for_visitor(self, request):
        """most_specific_first() for the request's visitor and the site's freshness window."""
        return self.most_specific_first(visitor_vicinity(request), since=freshness_since(request))


def news_queryset():
    """Published, public news items, newest first, with what a card shows in a fixed number of
    queries: territory and image joined, renditions and themes prefetched."""
    images = get_image_model().objects.prefetch_renditions(*CARD_RENDITIONS)
    return (
        public(NewsPage.objects.live())
        .select_related("territory")
        .prefetch_related(Prefetch("image", queryset=images), "tags")
        .order_by("-date", "-first_published_at", "-pk")
    )


class NewsIndexPage(RoutablePageMixin, RememberedRestrictionsMixin, PlainTextSearchMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("search_plain_text"),
    ]
    plain_text_fields = ("title", "introduction")

    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types = ["portal.NewsPage"]

    class Meta:
        verbose_name = _("liste d'actualités")
        verbose_name_plural = _("listes d'actualités")

    def news(self, request=None):
        """This index's news, the most specific to the visitor's commune first."""
        return news_queryset().child_of(self).for_visitor(request)

    @path("")
    def index_route(self, request):
        items = self.news(request)
        theme = request.GET.get("theme", "").strip()
        if "\x00" in theme:
            # PostgreSQL refuses NUL in a query's parameters: no such theme.
            return HttpResponseBadRequest(
                _("Ce thème n'existe pas."), content_type="text/plain; charset=utf-8"
            )
        theme_name = ""
        tag = None
        if theme:
            items = items.filter(tags__slug=theme)
            tag = NewsPageTag.tag_model().objects.filter(slug=theme).first()
            theme_name = tag.name if tag is not None else theme
        page_obj = Paginator(items, NEWS_PER_PAGE).get_page(request.GET.get("page"))
        return self.render(
            request,
            context_overrides={
                "page_obj": page_obj,
                "news_items": page_obj.object_list,
                "commune": visitor_commune(request),
                "theme": theme_name,
                "theme_tag": tag,
            },
        )

    @path("flux/rss/", name="rss")
    def rss_route(self, request):
        return NewsRssFeed(self, news_queryset().child_of(self))(request)

    @path("flux/atom/", name="atom")
    def atom_route(self, request):
        return NewsAtomFeed(self, news_queryset().child_of(self))(request)

    def feed_urls(self, request=None):
        base = self.get_url(request)
        return {
            "rss": base + self.reverse_subpage("rss"),
            "atom": base + self.reverse_subpage("atom"),
        }


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "portal.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(RememberedRestrictionsMixin, PlainTextSearchMixin, Page):
    date = models.DateField(_("date de l'actualité"), default=timezone.localdate)
    summary = models.TextField(
        _("chapô"),
        max_length=400,
        help_text=_("Deux ou trois phrases : elles résument l'actualité dans les listes."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_("Décrit l'image pour qui ne la voit pas. Laisser vide si elle est décorative."),
    )
    tags = ClusterTaggableManager(
        verbose_name=_("thèmes"),
        through=NewsPageTag,
        blank=True,
        help_text=_("Par exemple : mobilité, jeunesse, environnement."),
    )
    territory = models.ForeignKey(
        "civic.Territory",
        verbose_name=_("territoire concerné"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Les habitants de ce territoire (et des communes qu'il contient) verront cette "
            "actualité en premier. Laisser vide pour tout le monde."
        ),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("territory"), FieldPanel("tags")],
            heading=_("Date, territoire et thèmes"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_plain_text"),
        index.FilterField("date"),
    ]
    plain_text_fields = ("title", "summary", "body")

    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        # The latest news (home page, news index) are read in date order and the reading stops
        # at the first few, instead of sorting every news page.
        indexes = [models.Index(fields=["-date"], name="newspage_date")]

    @classmethod
    def cards(cls):
        """news_queryset() for the news block, which reaches this model through the registry."""
        return news_queryset()

    @property
    def is_local(self):
        """Ranked among the items about the visitor's area (see most_specific_first)."""
        return getattr(self, "specificity", ELSEWHERE) < ELSEWHERE

    @cached_property
    def themes(self):
        return list(self.tags.all())
