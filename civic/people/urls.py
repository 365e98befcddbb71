from django.urls import path

import civic.common.converters  # noqa: F401  (registers <id:…>)
from civic.people.views import directory, profiles

app_name = "people"
urlpatterns = [
    path("annuaire/", directory.directory, name="directory"),
    path("profils/<id:pk>/", profiles.profile_detail, name="profile"),
]
