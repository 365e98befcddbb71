from django.urls import path

from civic.views import directory, profiles

app_name = "people"
urlpatterns = [
    path("annuaire/", directory.directory, name="directory"),
    path("profils/<int:pk>/", profiles.profile_detail, name="profile"),
]
