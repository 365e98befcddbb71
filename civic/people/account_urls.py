from django.urls import path

from civic.people.views import account

app_name = "account"
urlpatterns = [
    path("", account.account_home, name="home"),
    path("profil/", account.edit_profile, name="edit_profile"),
    path("verification/<slug:kind>/", account.request_verification, name="request_verification"),
    path("mes-donnees.json", account.export_data, name="export"),
    path("supprimer/", account.delete_account, name="delete"),
]
