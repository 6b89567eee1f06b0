from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    path("events/<slug:slug>/programme/", views.programme, name="programme"),
    path("events/<slug:slug>/resources/", views.resources, name="resources"),
    path("events/<slug:slug>/card.png", views.event_card, name="card"),
    path("events/<slug:slug>/calendar.ics", views.calendar_file, name="calendar"),
]
