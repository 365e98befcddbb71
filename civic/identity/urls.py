from django.urls import path

from civic.identity import views

app_name = "identity"
urlpatterns = [
    path("niveaux-de-confiance/", views.levels, name="levels"),
]
