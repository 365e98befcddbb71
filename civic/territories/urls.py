from django.urls import path

from civic.territories import views as views

app_name = "territories"
urlpatterns = [
    path("communes/", views.commune_search, name="commune_search"),
    path("contours/<str:code>.geojson", views.outlines, name="outlines"),
    path("lieux/", views.place_search, name="place_search"),
]
