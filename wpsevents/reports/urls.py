from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:slug>/<slug:key>.csv", views.download, name="download"),
    path("<slug:slug>/summary.pdf", views.donor_pdf, name="donors"),
]
