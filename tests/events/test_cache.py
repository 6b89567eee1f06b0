"""Public pages come from the cache, yet an organiser's edit shows at once."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from tests.events.html import text
from tests.factories import EventFactory, ResourceFactory, SessionFactory
from wpsevents.events.models import Event

# Transactional: an edit drops the cached pages when it commits, as an organiser's save does.
pytestmark = pytest.mark.django_db(transaction=True)


def test_cache_serves_a_repeat_visit_without_the_database(client, django_assert_num_queries):
    event = EventFactory()
    client.get(event.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert event.title in text(response)


def test_cache_keeps_english_and_khmer_apart(client):
    event = EventFactory()
    english = client.get(event.get_absolute_url())
    khmer = client.get(f"/km{event.get_absolute_url()}")
    assert english["Content-Language"] == "en"
    assert khmer["Content-Language"] == "km"
    assert b'lang="km"' in khmer.content


def test_cache_lets_browsers_revalidate(client):
    response = client.get(EventFactory().get_absolute_url())
    assert "must-revalidate" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]


def test_cache_shows_an_edited_event_at_once(client):
    event = EventFactory(title="Old title")
    assert "Old title" in text(client.get(event.get_absolute_url()))
    event.title = "New title"
    event.save()
    html = text(client.get(event.get_absolute_url()))
    assert "New title" in html
    assert "Old title" not in html


def test_cache_shows_an_edited_session_at_once(client):
    session = SessionFactory(title="Old session")
    url = f"/events/{session.event.slug}/programme/"
    assert "Old session" in text(client.get(url))
    session.title = "Renamed session"
    session.save()
    assert "Renamed session" in text(client.get(url))


def test_cache_shows_a_deleted_session_at_once(client):
    session = SessionFactory(title="Cancelled panel")
    url = f"/events/{session.event.slug}/programme/"
    assert "Cancelled panel" in text(client.get(url))
    session.delete()
    assert "Cancelled panel" not in text(client.get(url))


def test_cache_shows_a_new_resource_at_once(client):
    event = EventFactory()
    url = f"/events/{event.slug}/resources/"
    client.get(url)
    ResourceFactory(event=event, title="Press release")
    assert "Press release" in text(client.get(url))


def test_cache_shows_an_unpublished_resource_gone_at_once(client):
    resource = ResourceFactory(title="Recording", is_key=True)
    url = resource.event.get_absolute_url()
    assert "Recording" in text(client.get(url))
    resource.is_published = False
    resource.save()
    assert "Recording" not in text(client.get(url))


def test_cache_shows_an_unpublished_event_gone_at_once(client):
    event = EventFactory()
    assert client.get(event.get_absolute_url()).status_code == 200
    event.is_published = False
    event.save()
    assert client.get(event.get_absolute_url()).status_code == 404


def test_cache_is_not_used_for_logged_in_organisers(organiser_client):
    event = EventFactory(title="Old title")
    organiser_client.get(event.get_absolute_url())
    # A bulk update sends no signal: only an uncached page can show it.
    Event.objects.filter(pk=event.pk).update(title="Edited in bulk")
    assert "Edited in bulk" in text(organiser_client.get(event.get_absolute_url()))


def test_what_a_process_read_lately_needs_only_the_version_from_the_cache():
    from django.core.cache import cache

    from wpsevents.events.cache import content_version, current, invalidate_public_pages, keep

    keep("held-entry", {"title": "Launch"}, content_version())
    assert current("held-entry") == {"title": "Launch"}
    cache.delete("held-entry")  # only the version is read while the process holds the entry
    assert current("held-entry") == {"title": "Launch"}
    invalidate_public_pages()  # an organiser's edit: what the process holds is no longer good
    assert current("held-entry") is None


def test_what_a_process_holds_is_read_again_after_a_second(monkeypatch):
    from django.core.cache import cache

    from wpsevents.events import cache as public_cache

    public_cache.keep("held-entry", "before", public_cache.content_version())
    assert public_cache.current("held-entry") == "before"
    cache.delete("held-entry")
    monkeypatch.setattr(public_cache.time, "monotonic", lambda: 10**9)  # a second later
    assert public_cache.current("held-entry") is None


def test_an_edit_on_another_app_server_shows_here_within_a_fifth_of_a_second(monkeypatch):
    from django.core.cache import cache

    from wpsevents.events import cache as public_cache

    public_cache.keep("held-entry", "before", public_cache.content_version())
    started = public_cache.time.monotonic()
    assert public_cache.current("held-entry") == "before"
    cache.incr(public_cache.VERSION_KEY)  # another server's edit: nothing here is dropped
    assert public_cache.current("held-entry") == "before"  # no question asked of the cache
    later = started + public_cache.TRUSTED_SECONDS + 0.01
    monkeypatch.setattr(public_cache.time, "monotonic", lambda: later)
    assert public_cache.current("held-entry") is None


def test_an_edit_in_this_process_drops_what_it_holds_at_once():
    from wpsevents.events import cache as public_cache

    public_cache.keep("held-entry", "before", public_cache.content_version())
    assert public_cache.current("held-entry") == "before"
    public_cache.invalidate_public_pages()
    assert public_cache.current("held-entry") is None


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a read beside an open write is PostgreSQL's"
)
def test_a_visit_racing_an_edit_never_keeps_the_old_page_after_it():
    """A page rendered from the old content while an edit commits is not served after it."""
    event = EventFactory(title="Old title")
    url = event.get_absolute_url()
    rendered_meanwhile = []

    def visit_from_another_connection():
        try:
            rendered_meanwhile.append(text(Client().get(url)))
        finally:
            connections.close_all()

    with transaction.atomic():
        edited = Event.objects.get(pk=event.pk)
        edited.title = "New title"
        edited.save()
        visitor = threading.Thread(target=visit_from_another_connection)
        visitor.start()
        visitor.join()
    assert "Old title" in rendered_meanwhile[0]  # the edit was not committed yet
    html = text(Client().get(url))
    assert "New title" in html
    assert "Old title" not in html
