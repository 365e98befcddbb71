"""The portal's URLs plus the benchmark's ceiling (bench.settings makes this the root URLconf)."""

from django.urls import include, path

from bench import views
from portal.urls import handler500  # noqa: F401 (Django reads it from the root URLconf)

urlpatterns = [
    path("bench/plafond/", views.ceiling, name="bench_ceiling"),
    path("", include("portal.urls")),
]
