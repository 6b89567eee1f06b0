from django.urls import path

from . import checkin_views

app_name = "checkin"

urlpatterns = [
    path("", checkin_views.search, name="search"),
    path("<str:reference>/", checkin_views.checkin, name="participant"),
]
