from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from agenda.privacy import events_data
from civic.people.views.account import PersonalDataExport
from portal import views
from portal.search import views as search_views

# An unreachable database raised outside a view gets the 503 page (portal/outage.py).
handler500 = "portal.outage.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("recherche/", search_views.search, name="search"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("territoires/", include("civic.territories.urls")),
    path("compte/", include("allauth.urls")),
    # « Mes données » with the agenda's share: answers first at civic's own address (account:export).
    path("mon-compte/mes-donnees.json", PersonalDataExport.as_view(shares=[events_data])),
    path("mon-compte/", include("civic.people.account_urls")),
    path("agenda/", include("agenda.urls")),
    path("", include("civic.people.urls")),
    path("", include("civic.dialogue.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
