from django.urls import path

from . import offline, sync, views

app_name = "checkin"

urlpatterns = [
    path("", views.search, name="search"),
    path("app/", offline.app, name="app"),
    path("app/people.json", offline.people, name="people"),
    path("app/sync", sync.sync, name="sync"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("<str:reference>/", views.checkin, name="participant"),
]
