"""Organisers attach documents, links and recordings in the admin."""

import pytest
from django.urls import reverse

from tests.events.html import text
from tests.factories import EventFactory, ResourceFactory, SessionFactory
from wpsevents.resources.models import Resource

pytestmark = pytest.mark.django_db


def _listed(response) -> list[str]:
    """The titles in the change list's results (not in its filter sidebar)."""
    assert response.status_code == 200
    return [str(resource) for resource in response.context["cl"].result_list]


@pytest.fixture
def resources():
    event = EventFactory(title="WPS localisation workshop")
    ResourceFactory(event=event, title="Livestream recording", kind=Resource.Kind.RECORDING)
    ResourceFactory(event=event, title="Press release", kind=Resource.Kind.PRESS_RELEASE)
    ResourceFactory(event=event, title="Draft agenda", is_published=False)
    return event


def test_admin_resource_list_shows_resources_with_their_event(superuser_client, resources):
    html = text(superuser_client.get(reverse("admin:resources_resource_changelist")))
    assert "Livestream recording" in html
    assert "WPS localisation workshop" in html


def test_admin_resource_list_searches_by_title(superuser_client, resources):
    url = reverse("admin:resources_resource_changelist")
    assert _listed(superuser_client.get(url, {"q": "press"})) == ["Press release"]


@pytest.mark.parametrize(
    ("filters", "shown", "hidden"),
    [
        ({"kind__exact": "recording"}, "Livestream recording", "Press release"),
        ({"is_published__exact": "0"}, "Draft agenda", "Press release"),
        ({"language__exact": "en"}, "Press release", None),
    ],
)
def test_admin_resource_list_filters(superuser_client, resources, filters, shown, hidden):
    listed = _listed(superuser_client.get(reverse("admin:resources_resource_changelist"), filters))
    assert shown in listed
    assert hidden not in listed


def test_admin_resource_list_filters_by_event(superuser_client, resources):
    ResourceFactory(title="Another event's photo")
    url = reverse("admin:resources_resource_changelist")
    listed = _listed(superuser_client.get(url, {"event__id__exact": resources.pk}))
    assert sorted(listed) == ["Draft agenda", "Livestream recording", "Press release"]


def test_admin_resource_add_and_change_pages_open(superuser_client, resources):
    resource = Resource.objects.get(title="Press release")
    assert superuser_client.get(reverse("admin:resources_resource_add")).status_code == 200
    response = superuser_client.get(reverse("admin:resources_resource_change", args=[resource.pk]))
    assert response.status_code == 200
    assert "Press release" in text(response)


def test_admin_resource_session_is_picked_by_search(superuser_client):
    session = SessionFactory(title="Launch of the toolkit")
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Launch",
            "app_label": "resources",
            "model_name": "resource",
            "field_name": "session",
        },
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(session.pk)]


def test_admin_resource_add_refuses_neither_file_nor_link(superuser_client, resources):
    response = superuser_client.post(
        reverse("admin:resources_resource_add"),
        {
            "event": resources.pk,
            "title_en": "Empty resource",
            "kind": Resource.Kind.DOCUMENT,
            "language": Resource.Language.ENGLISH,
            "order": 0,
            "is_published": "on",
        },
    )
    assert response.status_code == 200
    assert "Give either a file or a link" in text(response)
    assert not Resource.objects.filter(title_en="Empty resource").exists()


def test_admin_resource_add_saves_a_link_without_scheme_as_https(superuser_client, resources):
    response = superuser_client.post(
        reverse("admin:resources_resource_add"),
        {
            "event": resources.pk,
            "title_en": "Press coverage",
            "kind": Resource.Kind.LINK,
            "url": "asean.org/news",
            "language": Resource.Language.ENGLISH,
            "order": 0,
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    assert Resource.objects.get(title_en="Press coverage").url == "https://asean.org/news"
