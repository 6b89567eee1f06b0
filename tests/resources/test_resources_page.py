"""The resources page: published documents, links and recordings, grouped by kind."""

import pytest

from tests.events.html import position, text
from tests.factories import EventFactory, ResourceFactory, SessionFactory
from wpsevents.resources.models import Resource

pytestmark = pytest.mark.django_db


def _resources(client, event):
    response = client.get(f"/events/{event.slug}/resources/")
    assert response.status_code == 200
    return text(response)


def test_resources_page_groups_by_kind_with_recordings_first(client):
    event = EventFactory()
    ResourceFactory(event=event, title="Press release", kind=Resource.Kind.PRESS_RELEASE)
    ResourceFactory(event=event, title="The RPA-WPS", kind=Resource.Kind.DOCUMENT)
    ResourceFactory(event=event, title="Livestream recording", kind=Resource.Kind.RECORDING)
    ResourceFactory(event=event, title="The toolkit", kind=Resource.Kind.DOCUMENT)
    html = _resources(client, event)
    found = position(
        html,
        "Video or livestream recording</h2>",
        "Livestream recording</a>",
        "Document</h2>",
        "The RPA-WPS",
        "The toolkit",
        "Press release</h2>",
        "Press release</a>",
    )
    assert found == sorted(found)
    assert html.count("Document</h2>") == 1


def test_resources_page_hides_unpublished_resources(client):
    event = EventFactory()
    ResourceFactory(event=event, title="Final report")
    ResourceFactory(event=event, title="Draft report", is_published=False)
    html = _resources(client, event)
    assert "Final report" in html
    assert "Draft report" not in html


def test_resources_page_shows_only_this_events_resources(client):
    event = EventFactory()
    ResourceFactory(title="Another event's photos")
    assert "Another event" not in _resources(client, event)


def test_resources_page_names_the_session_a_resource_belongs_to(client):
    session = SessionFactory(title="Launch of the toolkit")
    ResourceFactory(event=session.event, session=session, title="Toolkit slides")
    html = _resources(client, session.event)
    assert "Toolkit slides" in html
    assert "Session: Launch of the toolkit" in html


def test_resources_page_links_files_and_marks_the_language(client):
    event = EventFactory()
    ResourceFactory(
        event=event,
        title="Guideline in Khmer",
        url="https://example.org/km.pdf",
        language=Resource.Language.KHMER,
    )
    html = _resources(client, event)
    assert 'href="https://example.org/km.pdf" rel="noopener"' in html
    assert "Khmer" in html


def test_resources_page_says_when_there_is_nothing_yet(client):
    assert "Resources will be published here." in _resources(client, EventFactory())
