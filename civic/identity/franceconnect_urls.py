from django.urls import path

from civic.identity import franceconnect_views as views

app_name = "franceconnect"
urlpatterns = [
    path("connexion/", views.SignIn.as_view(), name="sign_in"),
    path("retour/", views.Callback.as_view(), name="callback"),
    path("relier/", views.link, name="link"),
    path("inscription/", views.signup, name="signup"),
    path("deconnexion/", views.logout, name="logout"),
    path("deconnecte/", views.logged_out, name="logged_out"),
    path("delier/", views.unlink, name="unlink"),
]
