from django.urls import path

import civic.common.converters  # noqa: F401  (registers <id:…>)
from agenda.views import browse, dates, embed, feeds, imports, manage, registrations

app_name = "agenda"
urlpatterns = [
    path("", browse.agenda, name="agenda"),
    path("ical/", feeds.feed, name="feed"),
    path("s-abonner/", browse.subscribe_help, name="subscribe_help"),
    path("organisateurs/<id:pk>.ics", feeds.organiser_feed, name="organiser_feed"),
    path("organisateurs/<id:pk>/integrer/", embed.embed, name="organiser_embed"),
    path("organisateurs/<id:pk>/evenements.html", embed.fragment, name="organiser_fragment"),
    path("groupes/<id:pk>.ics", feeds.group_feed, name="group_feed"),
    path("evenement/<id:pk>-<slug:slug>/", browse.event_detail, name="event"),
    path("evenement/<id:pk>-<slug:slug>.ics", feeds.event_ics, name="event_ics"),
    path("evenement/<id:pk>/modifier/", manage.edit, name="edit"),
    path("evenement/<id:pk>/annuler/", manage.cancel, name="cancel"),
    path("evenement/<id:pk>/retablir/", dates.restore, name="restore"),
    path("evenement/<id:pk>/dates/<str:date>/", dates.change_date, name="change_date"),
    path("evenement/<id:pk>/inscription/", registrations.register, name="register"),
    path("evenement/<id:pk>/inscriptions/", registrations.manage, name="registrations"),
    path(
        "evenement/<id:pk>/inscriptions/<str:date>/",
        registrations.attendees,
        name="attendees",
    ),
    path(
        "evenement/<id:pk>/inscriptions/<str:date>/feuille/",
        registrations.sign_in_sheet,
        name="sign_in_sheet",
    ),
    path(
        "evenement/<id:pk>/inscriptions/<str:date>/participants.<str:fmt>",
        registrations.export,
        name="attendees_export",
    ),
    path("inscription/confirmer/<str:token>/", registrations.confirm, name="registration_confirm"),
    path("inscription/annuler/<str:token>/", registrations.cancel, name="registration_cancel"),
    path("proposer/", manage.propose, name="propose"),
    path("mes-evenements/", manage.my_events, name="my_events"),
    path("importer/", imports.import_home, name="import"),
    path("importer/<id:pk>/", imports.import_source, name="import_source"),
    path("importer/<id:pk>/actualiser/", imports.refresh, name="import_refresh"),
    path("importer/<id:pk>/supprimer/", imports.delete, name="import_delete"),
]
