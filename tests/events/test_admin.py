"""Organisers manage events and their programme in the admin: lists, search, filters, forms."""

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.events.html import form_data, text
from tests.factories import EventFactory, ParticipantFactory, ResourceFactory, SessionFactory
from wpsevents.events.models import Event, Session
from wpsevents.participants.models import Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    event = EventFactory(title="WPS localisation workshop", is_featured=True)
    SessionFactory(event=event, title="Opening ceremony", kind=Session.Kind.OPENING)
    SessionFactory(event=event, title="Working group A", kind=Session.Kind.WORKING_GROUP)
    ResourceFactory(event=event, title="The RPA-WPS")
    return event


def test_admin_event_list_shows_events(superuser_client, workshop):
    EventFactory(title="Next year's workshop", is_published=False)
    html = text(superuser_client.get(reverse("admin:events_event_changelist")))
    assert "WPS localisation workshop" in html
    assert "Next year&#x27;s workshop" in html


def test_admin_event_list_searches_by_title(superuser_client, workshop):
    EventFactory(title="Gender budgeting seminar")
    response = superuser_client.get(reverse("admin:events_event_changelist"), {"q": "localisation"})
    assert response.status_code == 200
    assert "WPS localisation workshop" in text(response)
    assert "Gender budgeting seminar" not in text(response)


@pytest.mark.parametrize(
    "filters",
    [{"is_published__exact": "0"}, {"is_featured__exact": "0"}, {"is_sample_content__exact": "1"}],
)
def test_admin_event_list_filters_leave_the_workshop_out(superuser_client, workshop, filters):
    response = superuser_client.get(reverse("admin:events_event_changelist"), filters)
    assert response.status_code == 200
    assert "WPS localisation workshop" not in text(response)


def test_admin_event_list_browses_by_date(superuser_client, workshop):
    starts = workshop.starts_at
    response = superuser_client.get(
        reverse("admin:events_event_changelist"),
        {"starts_at__year": starts.year, "starts_at__month": starts.month},
    )
    assert response.status_code == 200
    assert "WPS localisation workshop" in text(response)


def test_admin_event_add_page_has_programme_and_resource_inlines(superuser_client):
    response = superuser_client.get(reverse("admin:events_event_add"))
    assert response.status_code == 200
    html = text(response)
    assert 'id="sessions-group"' in html
    assert 'id="resources-group"' in html
    assert "prepopulated" in html  # the slug follows the English title


def test_admin_event_change_page_shows_its_sessions_and_resources(superuser_client, workshop):
    response = superuser_client.get(reverse("admin:events_event_change", args=[workshop.pk]))
    assert response.status_code == 200
    html = text(response)
    assert "Opening ceremony" in html
    assert "The RPA-WPS" in html
    assert 'name="title_km"' in html  # content is written in English and Khmer


def test_admin_event_change_refuses_an_end_before_the_start(superuser_client, workshop):
    url = reverse("admin:events_event_change", args=[workshop.pk])
    form = superuser_client.get(url).context["adminform"].form
    data = {**_form_data(form), "ends_at_0": "", "ends_at_1": ""}
    starts = workshop.starts_at - timedelta(days=1)
    data["ends_at_0"], data["ends_at_1"] = starts.strftime("%Y-%m-%d"), "08:00:00"
    response = superuser_client.post(url, {**data, **_empty_inlines()})
    assert response.status_code == 200
    assert "The event must end after it starts." in text(response)
    workshop.refresh_from_db()
    assert workshop.ends_at > workshop.starts_at


def test_admin_event_change_refuses_a_third_day(superuser_client, workshop):
    url = reverse("admin:events_event_change", args=[workshop.pk])
    form = superuser_client.get(url).context["adminform"].form
    data = _form_data(form)
    third_day = workshop.starts_at + timedelta(days=2)
    data["ends_at_0"], data["ends_at_1"] = third_day.strftime("%Y-%m-%d"), "17:00:00"
    response = superuser_client.post(url, {**data, **_empty_inlines()})
    assert response.status_code == 200
    assert "An event lasts one or two days" in text(response)
    workshop.refresh_from_db()
    assert len(workshop.days()) == 2


def test_admin_session_list_searches_and_filters(superuser_client, workshop):
    url = reverse("admin:events_session_changelist")
    assert "Opening ceremony" in text(superuser_client.get(url))
    found = text(superuser_client.get(url, {"q": "Working"}))
    assert "Working group A" in found
    assert "Opening ceremony" not in found
    by_kind = text(superuser_client.get(url, {"kind__exact": "opening"}))
    assert "Opening ceremony" in by_kind
    assert "Working group A" not in by_kind
    by_event = superuser_client.get(url, {"event__id__exact": workshop.pk})
    assert by_event.status_code == 200


def test_admin_session_add_and_change_pages_open(superuser_client, workshop):
    session = workshop.sessions.first()
    assert superuser_client.get(reverse("admin:events_session_add")).status_code == 200
    response = superuser_client.get(reverse("admin:events_session_change", args=[session.pk]))
    assert response.status_code == 200
    assert session.title in text(response)


def test_admin_pages_are_closed_to_visitors(client, workshop):
    response = client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def _form_data(form) -> dict:
    """The values an unchanged admin form would post back."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        widget = field.widget
        if hasattr(widget, "widgets"):  # split date and time
            for index, part in enumerate(widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    return data


def _empty_inlines() -> dict:
    data = {}
    for prefix in ("sessions", "resources"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def test_admin_saves_the_whole_workshop_as_the_browser_sends_it(superuser_client):
    """The loaded workshop's page, with its programme and resources in both languages."""
    call_command("load_workshop", stdout=None)
    event = Event.objects.get()
    url = reverse("admin:events_event_change", args=[event.pk])
    data = form_data(text(superuser_client.get(url)), "event_form")
    data = [(name, "28" if name == "capacity" else value) for name, value in data]
    data.append(("_continue", "Save and continue editing"))
    assert len(data) > 250  # every session and resource sends its line in both languages
    response = superuser_client.post(
        url, urlencode(data), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302, text(response)[:2000]
    event.refresh_from_db()
    assert event.capacity == 28
    assert event.sessions.count() == 17


def _session_cells(content: str, column: str) -> dict[str, str]:
    """Each session's title and the value of one column of the session list."""
    rows = re.findall(r"<tr>(.*?)</tr>", content, re.S)
    cells = {}
    for row in rows:
        title = re.search(r'<th class="field-title">.*?>([^<]+)</a>', row, re.S)
        value = re.search(rf'<td class="field-{column}[^"]*">(.*?)</td>', row, re.S)
        if title and value:
            cells[title.group(1)] = value.group(1)
    return cells


def test_admin_session_list_shows_each_working_groups_seats_and_waitlist(
    organiser_client, workshop
):
    group = workshop.sessions.get(title="Working group A")
    Session.objects.filter(pk=group.pk).update(capacity=2)
    ParticipantFactory.create_batch(2, event=workshop, working_group=group)
    ParticipantFactory(event=workshop, working_group=group, status=Participant.Status.WAITLISTED)
    ParticipantFactory(event=workshop, working_group=group, status=Participant.Status.CANCELLED)
    ParticipantFactory(event=workshop)  # in no group
    content = text(organiser_client.get(reverse("admin:events_session_changelist")))
    assert _session_cells(content, "group_seats_taken") == {
        "Working group A": "2",
        "Opening ceremony": "-",
    }
    # Seats are edited in the list, where a change moves the waitlist.
    assert 'value="2"' in _session_cells(content, "capacity")["Working group A"]
    assert _session_cells(content, "group_waitlist") == {
        "Working group A": "1",
        "Opening ceremony": "-",
    }


def test_admin_session_list_query_count_does_not_grow_with_groups_or_people(
    organiser_client, workshop
):
    url = reverse("admin:events_session_changelist")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert organiser_client.get(url).status_code == 200
        return len(captured)

    queries()
    few = queries()
    for letter in "BCDE":
        group = SessionFactory(
            event=workshop, title=f"Working group {letter}", kind=Session.Kind.WORKING_GROUP
        )
        ParticipantFactory.create_batch(3, event=workshop, working_group=group)
    assert queries() == few


def test_admin_event_resources_offer_only_the_events_sessions(organiser_client, workshop):
    other = SessionFactory(event=EventFactory(), title="Session of another event")
    url = reverse("admin:events_event_change", args=[workshop.pk])
    page = text(organiser_client.get(url))
    select = re.search(r'<select name="resources-0-session"[^>]*>(.*?)</select>', page, re.S)
    offered = select.group(1)
    assert "Opening ceremony" in offered and "Working group A" in offered
    assert "Session of another event" not in offered
    data = [
        (name, str(other.pk) if name == "resources-0-session" else value)
        for name, value in form_data(page, "event_form")
    ]
    response = organiser_client.post(
        url, urlencode(data), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200  # the page again, with the error
    assert not workshop.resources.filter(session=other).exists()
