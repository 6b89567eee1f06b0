from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("events/<slug:slug>/register/done/", views.registration_done, name="done"),
    path("events/<slug:slug>/my-link/", views.resend_link, name="resend_link"),
    path("r/<str:token>/", views.manage, name="manage"),
    path("r/<str:token>/change/", views.change, name="change"),
    path("r/<str:token>/cancel/", views.cancel, name="cancel"),
    path("r/<str:token>/calendar.ics", views.personal_calendar, name="calendar"),
]
