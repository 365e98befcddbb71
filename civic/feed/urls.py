from django.urls import path

import civic.common.converters  # noqa: F401  (registers <id:…>)
from civic.feed import views

app_name = "feed"
urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("tout-lu/", views.notifications_mark_all_read, name="mark_all_read"),
    path("mentions/", views.mention_suggestions, name="mention_suggestions"),
    path("<id:pk>/", views.notification_open, name="notification"),
]
