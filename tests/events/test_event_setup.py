"""An organiser sets up an event in the admin in one try: dates, featuring, Khmer, copies."""

import re
from datetime import date, datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.events.html import form_data, text
from tests.factories import EventFactory, ParticipantFactory, ResourceFactory, SessionFactory
from wpsevents.events.models import Event, Session

pytestmark = pytest.mark.django_db
PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")
ADD = reverse("admin:events_event_add")


def _post(client, url, fields: list[tuple[str, str]], **kwargs):
    return client.post(
        url, urlencode(fields), content_type="application/x-www-form-urlencoded", **kwargs
    )


def _replace(fields, **values) -> list[tuple[str, str]]:
    kept = [(name, value) for name, value in fields if name not in values]
    return kept + list(values.items())


def _new_event(client, **values) -> list[tuple[str, str]]:
    """The add form as a programme officer fills it, dates typed day/month/year."""
    blank = form_data(text(client.get(ADD)), "event_form")
    typed = {
        "title_en": "Youth and peace forum",
        "title_km": "វេទិកាយុវជន និងសន្តិភាព",
        "slug": "youth-peace-forum",
        "summary_en": "Two days on young people's part in peace.",
        "venue_name_en": "Sokha Hotel",
        "organisers_en": "UN Women",
        "starts_at_0": "13/01/2027",
        "starts_at_1": "08:30",
        "ends_at_0": "14/01/2027",
        "ends_at_1": "17:00",
        "capacity": "60",
    }
    return _replace(blank, **{**typed, **values})


def test_admin_event_form_takes_day_month_year_dates_in_phnom_penh_time(organiser_client):
    response = _post(organiser_client, ADD, _new_event(organiser_client))
    assert response.status_code == 302, text(response)[:3000]
    event = Event.objects.get(slug="youth-peace-forum")
    assert event.starts_at == datetime(2027, 1, 13, 8, 30, tzinfo=PHNOM_PENH)
    assert event.ends_at == datetime(2027, 1, 14, 17, 0, tzinfo=PHNOM_PENH)


def test_admin_event_form_takes_iso_dates_too(organiser_client):
    fields = _new_event(organiser_client, starts_at_0="2027-01-13", ends_at_0="2027-01-14")
    assert _post(organiser_client, ADD, fields).status_code == 302
    assert Event.objects.get().starts_at.date() == date(2027, 1, 13)


def test_admin_event_form_shows_the_date_format_and_the_time_zone(organiser_client):
    page = text(organiser_client.get(ADD))
    assert "Day/month/year and 24-hour time, e.g. 13/01/2027 and 08:30, Phnom Penh time." in page


def test_admin_event_form_shows_dates_as_day_month_year(organiser_client):
    event = EventFactory(starts_at=datetime(2027, 1, 13, 8, 30, tzinfo=PHNOM_PENH))
    page = text(organiser_client.get(reverse("admin:events_event_change", args=[event.pk])))
    assert 'name="starts_at_0" value="13/01/2027"' in page
    assert 'name="starts_at_1" value="08:30"' in page


def test_admin_featuring_an_event_unfeatures_the_previous_one_and_says_so(organiser_client):
    EventFactory(title="Last year's workshop", is_featured=True)
    fields = _new_event(organiser_client, is_featured="on")
    response = _post(organiser_client, ADD, fields, follow=True)
    assert "“Last year&#x27;s workshop” is no longer featured" in text(response)
    assert Event.objects.get(is_featured=True).slug == "youth-peace-forum"


def test_admin_event_form_never_shows_a_raw_constraint_message(organiser_client):
    fields = _new_event(
        organiser_client,
        registration_opens_at_0="10/01/2027",
        registration_opens_at_1="09:00",
        registration_closes_at_0="01/01/2027",
        registration_closes_at_1="09:00",
    )
    page = text(_post(organiser_client, ADD, fields))
    assert "Registration must close after it opens." in page
    assert "Constraint" not in page
    assert not Event.objects.exists()


def test_admin_event_form_asks_to_choose_a_file_again_after_a_failed_save(organiser_client):
    fields = dict(_new_event(organiser_client, ends_at_0="01/01/2027"))
    fields.update(
        {
            "resources-TOTAL_FORMS": "1",
            "resources-0-title_en": "Concept note",
            "resources-0-kind": "document",
            "resources-0-language": "en",
            "resources-0-is_published": "on",
            "resources-0-order": "0",
            "resources-0-file": SimpleUploadedFile(
                "concept-note.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"
            ),
        }
    )
    page = text(organiser_client.post(ADD, fields))
    assert "The event must end after it starts." in page
    assert "choose “concept-note.pdf” again" in page


def test_admin_slug_help_shows_the_real_address_and_new_events_have_no_sample_flag(
    organiser_client, settings
):
    page = text(organiser_client.get(ADD))
    assert f"{settings.SITE_URL}/events/&lt;slug&gt;/" in page
    assert 'name="is_sample_content"' not in page


def test_only_the_loaded_demo_offers_the_sample_content_box_until_it_is_unticked(
    organiser_client,
):
    def change_page(event) -> str:
        return text(organiser_client.get(reverse("admin:events_event_change", args=[event.pk])))

    made_here = EventFactory()
    assert 'name="is_sample_content"' not in change_page(made_here)
    demo = EventFactory(is_sample_content=True)
    page = change_page(demo)
    assert re.search(r'<input type="checkbox" name="is_sample_content"[^>]* checked', page)
    unticked = [field for field in form_data(page, "event_form") if field[0] != "is_sample_content"]
    url = reverse("admin:events_event_change", args=[demo.pk])
    assert _post(organiser_client, url, unticked).status_code == 302
    demo.refresh_from_db()
    assert not demo.is_sample_content
    assert 'name="is_sample_content"' not in change_page(demo)


def test_admin_sessions_are_one_line_each_with_a_link_to_their_full_form(organiser_client):
    event = EventFactory()
    session = SessionFactory(event=event, title="Opening")
    page = text(organiser_client.get(reverse("admin:events_event_change", args=[event.pk])))
    assert 'class="js-inline-admin-formset inline-group"' in page
    assert 'id="sessions-group"' in page
    assert "tabular" in re.search(r'id="sessions-group".{0,400}', page, re.S).group(0)
    assert 'name="sessions-0-description_en"' not in page
    assert reverse("admin:events_session_change", args=[session.pk]) in page


def test_admin_event_form_lists_the_texts_without_khmer(organiser_client):
    event = EventFactory(title_km="សិក្ខាសាលា")
    SessionFactory(event=event, title="Opening", title_km="")
    ResourceFactory(event=event, title="Concept note", title_km="")
    page = text(organiser_client.get(reverse("admin:events_event_change", args=[event.pk])))
    assert "Session “Opening”: title" in page
    assert "Resource “Concept note”: title" in page


def _khmer_column(client) -> dict[str, bool]:
    page = text(client.get(reverse("admin:events_event_changelist")))
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    found = {}
    for row in rows:
        title = re.search(r'<th class="field-title">.*?>([^<]+)</a>', row, re.S)
        cell = re.search(r'<td class="field-khmer_complete">(.*?)</td>', row, re.S)
        if title and cell:
            found[title.group(1)] = 'alt="True"' in cell.group(1)
    return found


def test_admin_event_list_shows_whether_the_khmer_is_complete(organiser_client):
    done = EventFactory(title="Done")
    for name in ("title", "summary", "venue_name", "organisers", "description"):
        setattr(done, f"{name}_km", "ខ្មែរ")
    for name in ("venue_address", "highlights", "highlights_title"):
        setattr(done, f"{name}_en", "")
    done.save()
    half = EventFactory(title="Half", title_km="ពាក់កណ្តាល")
    SessionFactory(event=half, title_km="")
    assert _khmer_column(organiser_client) == {"Done": True, "Half": False}


def _action(client, action, events, **extra):
    data = {"action": action, "_selected_action": [event.pk for event in events], **extra}
    return client.post(reverse("admin:events_event_changelist"), data, follow=True)


def test_admin_closes_and_opens_registration_now(organiser_client):
    event = EventFactory(registration_opens_at=None, registration_closes_at=None)
    _action(organiser_client, "close_registration", [event])
    event.refresh_from_db()
    assert event.registration_state().value == "closed"
    response = _action(organiser_client, "open_registration", [event])
    event.refresh_from_db()
    assert event.registration_state().value == "open"
    assert "Registration open for" in text(response)


def test_admin_duplicates_an_event_onto_a_chosen_first_day(organiser_client):
    event = EventFactory(
        is_featured=True,
        is_published=True,
        starts_at=datetime(2026, 3, 2, 8, 30, tzinfo=PHNOM_PENH),
        ends_at=datetime(2026, 3, 3, 17, 0, tzinfo=PHNOM_PENH),
    )
    group = SessionFactory(
        event=event,
        kind=Session.Kind.WORKING_GROUP,
        starts_at=datetime(2026, 3, 3, 10, 0, tzinfo=PHNOM_PENH),
        ends_at=datetime(2026, 3, 3, 12, 0, tzinfo=PHNOM_PENH),
    )
    ResourceFactory(event=event, session=group, title="Group notes")
    ParticipantFactory(event=event)
    form = _action(organiser_client, "duplicate", [event])
    assert "First day of the new event" in text(form)
    _action(organiser_client, "duplicate", [event], first_day="11/01/2027")
    copy = Event.objects.exclude(pk=event.pk).get()
    assert copy.starts_at == datetime(2027, 1, 11, 8, 30, tzinfo=PHNOM_PENH)
    assert copy.ends_at == datetime(2027, 1, 12, 17, 0, tzinfo=PHNOM_PENH)
    assert (copy.is_published, copy.is_featured) == (False, False)
    assert copy.participants.count() == 0
    twin = copy.sessions.get()
    assert twin.starts_at == datetime(2027, 1, 12, 10, 0, tzinfo=PHNOM_PENH)
    assert copy.resources.get().session == twin
    assert event.sessions.count() == 1 and event.resources.count() == 1


def test_admin_warns_when_online_attendance_has_no_livestream_link(organiser_client):
    fields = _new_event(organiser_client, offers_online_attendance="on", livestream_url="")
    response = _post(organiser_client, ADD, fields, follow=True)
    assert "there is no livestream link yet" in text(response)


def test_admin_duplicate_event_keeps_registration_dates_in_order(organiser_client):
    starts = timezone.now() + timedelta(days=30)
    event = EventFactory(
        starts_at=starts,
        ends_at=starts + timedelta(days=1),
        registration_opens_at=starts - timedelta(days=20),
        registration_closes_at=starts - timedelta(days=2),
    )
    _action(organiser_client, "duplicate", [event], first_day="11/01/2028")
    copy = Event.objects.exclude(pk=event.pk).get()
    assert copy.registration_closes_at - copy.registration_opens_at == timedelta(days=18)


def test_admin_event_list_query_count_does_not_grow_with_events(organiser_client):
    url = reverse("admin:events_event_changelist")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert organiser_client.get(url).status_code == 200
        return len(captured)

    EventFactory()
    queries()
    few = queries()
    for _n in range(4):
        event = EventFactory()
        SessionFactory(event=event)
        ResourceFactory(event=event)
    assert queries() == few


def test_admin_duplicates_one_event_at_a_time(organiser_client):
    events = [EventFactory(), EventFactory()]
    response = _action(organiser_client, "duplicate", events)
    assert "Choose one event to duplicate." in text(response)
    assert Event.objects.count() == 2
