"""Events that are not published, or do not exist, are nowhere to be seen."""

import pytest

from tests.factories import EventFactory, ResourceFactory, SessionFactory

pytestmark = pytest.mark.django_db

EVENT_PAGES = ["", "programme/", "resources/", "calendar.ics", "register/"]


@pytest.mark.parametrize("page", EVENT_PAGES)
@pytest.mark.parametrize("language_prefix", ["", "/km"])
def test_unpublished_event_is_not_found_on_any_page(client, page, language_prefix):
    event = EventFactory(is_published=False, title="Embargoed launch")
    SessionFactory(event=event)
    ResourceFactory(event=event)
    response = client.get(f"{language_prefix}/events/{event.slug}/{page}")
    assert response.status_code == 404
    assert b"Embargoed launch" not in response.content


@pytest.mark.parametrize("page", EVENT_PAGES)
def test_unknown_event_is_not_found_on_any_page(client, page):
    EventFactory(slug="real-event")
    assert client.get(f"/events/no-such-event/{page}").status_code == 404


def test_unknown_event_gets_the_friendly_not_found_page(client):
    response = client.get("/events/no-such-event/")
    assert b"Page not found" in response.content
    assert b"Go to the event page" in response.content


def test_publishing_an_event_makes_its_pages_appear(client):
    event = EventFactory(is_published=False)
    assert client.get(event.get_absolute_url()).status_code == 404
    event.is_published = True
    event.save()
    assert client.get(event.get_absolute_url()).status_code == 200
