from django.urls import path

from . import views

app_name = "checkin"

urlpatterns = [
    path("", views.search, name="search"),
    path("<str:reference>/", views.checkin, name="participant"),
]
