from django.urls import path

from civic.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("carte.geojson", views.map_data, name="map_data"),
    path("nouveau/", views.report_create, name="create"),
    path("les-miens/", views.my_reports, name="mine"),
    path("statistiques/", views.statistics, name="stats"),
    path("signalements.csv", views.export_csv, name="export_csv"),
    path("signalements.geojson", views.export_geojson, name="export_geojson"),
    path("photos/<int:pk>.jpg", views.photo, name="photo"),
    path("photos/<int:pk>/visibilite/", views.photo_visibility, name="photo_visibility"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/confirmer/", views.report_confirm, name="confirm"),
    path("<int:pk>/rouvrir/", views.report_reopen, name="reopen"),
    path("<int:pk>/etat/", views.report_status, name="status"),
    path("<int:pk>/note/", views.report_note, name="note"),
    path("<int:pk>/visibilite/", views.report_visibility, name="visibility"),
]
