"""Portal pages and site settings (Wagtail), one module per concept."""

from portal.models.acts import ActPage, ActPublication, ActsIndexPage, CouncilMeetingPage
from portal.models.contact import ContactFormField, ContactPage
from portal.models.elections import PreElectionReviewTask
from portal.models.news import NewsIndexPage, NewsPage, NewsPageTag
from portal.models.pages import HomePage, SectionPage, StandardPage
from portal.models.settings import PortalSettings
from portal.models.tribunes import PoliticalGroup, Tribune, TribunePeriod, TribunesPage

__all__ = [
    "ActPage",
    "ActPublication",
    "ActsIndexPage",
    "ContactFormField",
    "ContactPage",
    "CouncilMeetingPage",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "PoliticalGroup",
    "PortalSettings",
    "PreElectionReviewTask",
    "SectionPage",
    "StandardPage",
    "Tribune",
    "TribunePeriod",
    "TribunesPage",
]
