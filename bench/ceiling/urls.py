"""The ceiling's only page."""

from django.shortcuts import render
from django.urls import path

ITEMS = [
    {"time": f"{8 + n // 4:02d}:{(n % 4) * 15:02d}", "title": f"Programme item {n}", "room": "Hall"}
    for n in range(52)
]


def page(request):
    """A ~20 KB page from a template with a loop and a few variables, like a real page."""
    return render(request, "ceiling.html", {"title": "The ceiling", "items": ITEMS})


urlpatterns = [path("", page)]
