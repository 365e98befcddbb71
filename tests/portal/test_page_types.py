"""Where each kind of page may be created, and that the demo pages work in the admin."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from portal.models import (
    ActPage,
    ActsIndexPage,
    ContactPage,
    CouncilMeetingPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SectionPage,
    StandardPage,
    TribunesPage,
)


class PageTypeRulesTests(WagtailPageTestCase):
    def test_a_home_page_can_only_be_created_under_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_a_standard_page_can_only_be_created_under_a_home_section_or_standard_page(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage, SectionPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage, ContactPage})
        self.assertCanNotCreateAt(Page, StandardPage)

    def test_the_home_page_takes_sections_news_lists_contact_standard_acts_and_tribunes(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {StandardPage, SectionPage, NewsIndexPage, ContactPage, ActsIndexPage, TribunesPage},
        )

    def test_a_section_holds_the_pages_of_its_policy_area(self):
        self.assertAllowedParentPageTypes(SectionPage, {HomePage, SectionPage})
        self.assertAllowedSubpageTypes(
            SectionPage,
            {StandardPage, SectionPage, NewsIndexPage, ContactPage, ActsIndexPage, TribunesPage},
        )

    def test_acts_live_in_their_listing_or_a_meeting_and_have_no_children(self):
        self.assertAllowedSubpageTypes(ActsIndexPage, {CouncilMeetingPage, ActPage})
        self.assertAllowedSubpageTypes(CouncilMeetingPage, {ActPage})
        self.assertAllowedParentPageTypes(ActPage, {ActsIndexPage, CouncilMeetingPage})
        self.assertAllowedSubpageTypes(ActPage, set())

    def test_news_items_live_only_in_a_news_list_and_have_no_children(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage, SectionPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertCanNotCreateAt(HomePage, NewsPage)

    def test_a_contact_page_has_no_children(self):
        self.assertAllowedParentPageTypes(ContactPage, {HomePage, SectionPage, StandardPage})
        self.assertAllowedSubpageTypes(ContactPage, set())


class DemoPagesInTheAdminTests(WagtailPageTestCase):
    def setUp(self):
        call_command("setup_demo", "--departement", "60", stdout=StringIO(), stderr=StringIO())
        self.home = HomePage.objects.get()
        self.client.force_login(get_user_model().objects.get(username="admin"))

    def test_there_can_be_only_one_home_page(self):
        root = Page.get_first_root_node()

        self.assertFalse(HomePage.can_create_at(root))
        self.assertTrue(StandardPage.can_create_at(self.home))
        self.assertFalse(StandardPage.can_create_at(root))

    def test_every_demo_page_renders_and_opens_in_the_editor(self):
        for page in [self.home, *StandardPage.objects.all()]:
            with self.subTest(page=page.title):
                self.assertPageIsRenderable(page)
                edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
                self.assertEqual(self.client.get(edit_url).status_code, 200)

    def test_an_editor_can_create_a_standard_page_with_blocks_under_the_home_page(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Budget participatif",
                    "slug": "budget-participatif",
                    "introduction": "Proposez un projet pour votre commune.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Comment proposer un projet", "level": "h2"}),
                            ("paragraph", rich_text("<p>Déposez votre idée avant mars.</p>")),
                        ]
                    ),
                }
            ),
        )
