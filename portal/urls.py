from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from agenda.privacy import events_data
from civic.people.views.account import PersonalDataExport
from portal import views
from portal.my_feed import views as my_feed_views
from portal.search import views as search_views

# An unreachable database raised outside a view gets the 503 page (portal/outage.py).
handler500 = "portal.outage.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("theme.css", views.theme_css, name="theme_css"),
    path("recherche/", search_views.search, name="search"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("territoires/", include("civic.territories.urls")),
    path("compte/", include("allauth.urls")),
    # « Mes données » with the agenda's share: answers first at civic's own address (account:export).
    path("mon-compte/mes-donnees.json", PersonalDataExport.as_view(shares=[events_data])),
    path("mon-compte/", include("civic.people.account_urls")),
    path("agenda/", include("agenda.urls")),
    path("mon-fil/", my_feed_views.my_feed, name="my_feed"),
    path("mon-fil/suivre/", my_feed_views.follow, name="follow_interest"),
    path("mon-fil/suivre-une-commune/", my_feed_views.follow_commune, name="follow_commune"),
    path("notifications/", include("civic.feed.urls")),
    path("signalements/", include("civic.reports.urls")),
    path("", include("civic.people.urls")),
    path("", include("civic.identity.urls")),
    path("franceconnect/", include("civic.identity.franceconnect_urls")),
    path("", include("civic.dialogue.urls")),
    path("", include("civic.participation.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
