"""Each registrant reads their own registration: days, in person or online, working group.

On the confirmation page, in the email (through a real SMTP server) and on the private link,
with a calendar file of their own days and working group, in their own language.
"""

import re
from datetime import timedelta
from email import message_from_bytes

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from tests.events.html import form_data
from tests.factories import ParticipantFactory, SessionFactory, registration_data
from tests.participants.helpers import form_post
from wpsevents.events.models import Session
from wpsevents.khmer import khmer_digits, weekday_date
from wpsevents.participants import rules
from wpsevents.participants.models import Participant
from wpsevents.participants.tokens import issue_private_link

ONLINE = Participant.AttendanceMode.ONLINE


@pytest.fixture
def workshop(event):
    """Two days, in English and Khmer: an opening, then a plenary and two parallel groups."""
    event.title_km = "សិក្ខាសាលា"
    event.save()
    day_1, day_2 = event.starts_at, event.starts_at + timedelta(days=1)
    _session(event, "Opening", "ពិធីបើក", day_1 + timedelta(hours=1), kind=Session.Kind.OPENING)
    _session(event, "Plenary", "សម័យប្រជុំពេញអង្គ", day_2 + timedelta(minutes=30))
    for letter in "AB":
        _session(
            event,
            f"Group {letter}",
            f"ក្រុម {letter}",
            day_2 + timedelta(hours=1),
            kind=Session.Kind.WORKING_GROUP,
        )
    return event


def _session(event, title, title_km, starts_at, kind=Session.Kind.PLENARY):
    return SessionFactory(
        event=event,
        title=title,
        title_km=title_km,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        kind=kind,
    )


def _group(event, letter: str) -> Session:
    return event.sessions.get(title=f"Group {letter}")


def _register(event, capture, **overrides) -> Participant | None:
    with capture(execute=True):
        registration = rules.register_participant(event=event, data=registration_data(**overrides))
    return registration.participant


def _day_label(event, number: int, language: str = "en") -> str:
    day = event.days()[number - 1]
    with translation.override(language):
        when = weekday_date(day)
    return f"Day {number}, {when}" if language == "en" else f"ថ្ងៃទី{khmer_digits(number)}៖ {when}"


# The email, as a mail client receives it


def _received(inbox):
    return message_from_bytes(inbox.messages[-1].content)


def _tree(part):
    """A MIME part as its content type, or (type, [children]) for a multipart."""
    if not part.is_multipart():
        return part.get_content_type()
    return part.get_content_type(), [_tree(child) for child in part.get_payload()]


def _text_and_html(message) -> tuple[str, str]:
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode(part.get_content_charset())
        for part in message.walk()
        if part.get_content_type() in ("text/plain", "text/html")
    }
    return parts["text/plain"].replace("\r\n", "\n"), parts["text/html"]


def _calendar(message) -> Calendar:
    (part,) = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_payload(decode=True))


def _entries(calendar) -> dict[str, object]:
    return {str(vevent["SUMMARY"]): vevent for vevent in calendar.walk("VEVENT")}


def test_confirmation_carries_the_calendar_beside_the_text_html_and_qr_code(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    _register(workshop, django_capture_on_commit_callbacks)
    message = _received(smtp_server)
    assert _tree(message) == (
        "multipart/mixed",
        [
            (
                "multipart/related",
                [("multipart/alternative", ["text/plain", "text/html"]), "image/png"],
            ),
            "text/calendar",
        ],
    )
    image = next(part for part in message.walk() if part.get_content_type() == "image/png")
    assert image["Content-ID"] == "<checkin-qr>"
    assert image.get_content_disposition() == "inline"
    ics = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
    assert ics.get_content_disposition() == "attachment"
    assert ics.get_filename() == f"{workshop.slug}.ics"
    assert str(_calendar(message)["METHOD"]) == "PUBLISH"


def test_online_confirmation_carries_the_calendar_beside_the_text_and_html(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    _register(workshop, django_capture_on_commit_callbacks, attendance_mode=ONLINE)
    assert _tree(_received(smtp_server)) == (
        "multipart/mixed",
        [("multipart/alternative", ["text/plain", "text/html"]), "text/calendar"],
    )


def test_online_registrants_calendar_is_at_the_livestream_without_the_breaks(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    workshop.livestream_url = "https://www.youtube.com/@ASEANSecretariat/live"
    workshop.save()
    _session(workshop, "Coffee", "សម្រាកកាហ្វេ", workshop.starts_at, kind=Session.Kind.BREAK)
    _register(workshop, django_capture_on_commit_callbacks, attendance_mode=ONLINE)
    entries = _entries(_calendar(_received(smtp_server)))
    assert "Coffee" not in entries and "Opening" in entries
    assert {str(entry["LOCATION"]) for entry in entries.values()} == {workshop.livestream_url}


def test_a_cancelled_registration_takes_its_entries_off_the_calendar(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    person = _register(workshop, django_capture_on_commit_callbacks)
    held = _entries(_calendar(_received(smtp_server)))
    with django_capture_on_commit_callbacks(execute=True):
        rules.cancel_registration(participant=person)
    message = _received(smtp_server)
    assert "takes the event off your calendar" in _text_and_html(message)[0]
    withdrawn = _entries(_calendar(message))
    assert {str(e["UID"]) for e in withdrawn.values()} == {str(e["UID"]) for e in held.values()}
    for title, entry in withdrawn.items():
        assert str(entry["STATUS"]) == "CANCELLED"
        assert int(entry["SEQUENCE"]) > int(held[title]["SEQUENCE"])


def test_khmer_registrants_calendar_is_in_khmer(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    group = _group(workshop, "A")
    _register(workshop, django_capture_on_commit_callbacks, language="km", working_group=group)
    assert set(_entries(_calendar(_received(smtp_server)))) == {
        "សិក្ខាសាលា ថ្ងៃទី១",
        "សិក្ខាសាលា ថ្ងៃទី២",
        "ពិធីបើក",
        "សម័យប្រជុំពេញអង្គ",
        "ក្រុម A",
    }


def test_day_2_registrants_calendar_has_day_2_only(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    _register(workshop, django_capture_on_commit_callbacks, days=Participant.Days.DAY_2)
    entries = _entries(_calendar(_received(smtp_server)))
    assert set(entries) == {f"{workshop.title}, day 2", "Plenary"}
    day_2 = workshop.days()[1]
    assert all(vevent.decoded("DTSTART").date() == day_2 for vevent in entries.values())


def test_calendar_has_the_registrants_own_working_group_not_the_parallel_one(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    group = _group(workshop, "B")
    _register(workshop, django_capture_on_commit_callbacks, working_group=group)
    entries = _entries(_calendar(_received(smtp_server)))
    assert "Group B" in entries
    assert "Group A" not in entries
    assert str(entries["Group B"]["UID"]).startswith(f"session-{group.pk}@")


def test_next_calendar_after_a_session_moved_keeps_its_uid_and_raises_its_sequence(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    participant = _register(workshop, django_capture_on_commit_callbacks)
    before = _entries(_calendar(_received(smtp_server)))["Plenary"]
    plenary = workshop.sessions.get(title="Plenary")
    with django_capture_on_commit_callbacks(execute=True):  # the organiser's save commits
        plenary.starts_at += timedelta(minutes=15)
        plenary.ends_at += timedelta(minutes=15)
        plenary.save()
    participant.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        rules.resend_confirmation(participant=participant)
    after = _entries(_calendar(_received(smtp_server)))["Plenary"]
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.decoded("DTSTART") == before.decoded("DTSTART") + timedelta(minutes=15)


def test_email_states_the_days_online_and_that_the_link_will_follow(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    workshop.livestream_url = ""
    workshop.save()
    _register(
        workshop,
        django_capture_on_commit_callbacks,
        days=Participant.Days.DAY_2,
        attendance_mode=ONLINE,
    )
    text, html = _text_and_html(_received(smtp_server))
    assert f"Days: {_day_label(workshop, 2)}\n" in text
    assert "Attendance: Online\n" in text
    assert "How to follow: The link will be sent before the event.\n" in text
    assert _day_label(workshop, 2) in html
    assert "The link will be sent before the event." in html
    assert "Day 1" not in text + html


def test_email_states_both_days_in_person_and_the_working_group(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    _register(workshop, django_capture_on_commit_callbacks, working_group=_group(workshop, "A"))
    text, html = _text_and_html(_received(smtp_server))
    assert f"Days: {_day_label(workshop, 1)}; {_day_label(workshop, 2)}\n" in text
    assert "Attendance: In person\n" in text
    assert "Working group: Group A\n" in text
    assert "How to follow" not in text + html
    assert f"{_day_label(workshop, 1)}<br>{_day_label(workshop, 2)}" in html


def test_email_says_whose_working_group_seat_is_awaited(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    group = _group(workshop, "A")
    group.capacity = 1
    group.save()
    ParticipantFactory(event=workshop, working_group=group)
    _register(workshop, django_capture_on_commit_callbacks, working_group=group)
    text, html = _text_and_html(_received(smtp_server))
    assert "Working group: Waiting for a seat in Group A\n" in text
    assert "Waiting for a seat in Group A" in html
    assert "text/calendar" not in [
        part.get_content_type() for part in _received(smtp_server).walk()
    ]


def test_khmer_email_states_the_days_and_attendance_in_khmer(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    _register(
        workshop,
        django_capture_on_commit_callbacks,
        language="km",
        days=Participant.Days.DAY_2,
        attendance_mode=ONLINE,
    )
    text, _html = _text_and_html(_received(smtp_server))
    assert f"ថ្ងៃចូលរួម៖ {_day_label(workshop, 2, 'km')}\n" in text
    assert "របៀបចូលរួម៖ តាមអនឡាញ\n" in text
    assert f"របៀបតាមដាន៖ {workshop.livestream_url}\n" in text


# The confirmation page


def _done_page(event, **overrides) -> str:
    """The confirmation page a fresh browser sees after posting the form, its main part."""
    client = Client()
    url = reverse("participants:register", kwargs={"slug": event.slug})
    response = client.post(url, form_post(**overrides), follow=True)
    assert response.redirect_chain[-1][0].endswith("/register/done/")
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def test_confirmation_page_states_the_days_online_and_how_to_follow(workshop):
    page = _done_page(workshop, days="day2", attendance_mode="online")
    assert _day_label(workshop, 2) in page
    assert _day_label(workshop, 1) not in page
    assert ">Online</dd>" in page
    assert f'<a href="{workshop.livestream_url}" rel="noopener">Watch the livestream</a>' in page


def test_confirmation_page_states_the_working_group_chosen(workshop):
    group = _group(workshop, "A")
    page = _done_page(workshop, working_group=str(group.pk))
    assert ">In person</dd>" in page
    assert ">Group A</dd>" in page
    assert "How to follow" not in page


def test_confirmation_page_reads_the_same_for_a_new_and_an_already_registered_address(workshop):
    ParticipantFactory(event=workshop, email="sokha@example.org", days="day1")
    submitted = {"days": "day2", "attendance_mode": "online"}
    already_registered = _done_page(workshop, email="sokha@example.org", **submitted)
    new = _done_page(workshop, email="dara@example.org", **submitted)
    assert already_registered == new
    assert _day_label(workshop, 2) in already_registered


# The private link


def test_private_link_page_states_the_persons_days_and_working_group(client, workshop):
    group = _group(workshop, "B")
    participant = ParticipantFactory(event=workshop, days="day1", working_group=group)
    token = issue_private_link(participant)
    url = reverse("participants:manage", kwargs={"token": token})
    page = client.get(url, follow=True).content.decode()
    assert _day_label(workshop, 1) in page
    assert _day_label(workshop, 2) not in page
    assert ">Group B</dd>" in page
    assert ">In person</dd>" in page


def test_private_link_calendar_is_the_persons_own(client, workshop):
    participant = ParticipantFactory(
        event=workshop, days="day2", working_group=_group(workshop, "A")
    )
    token = issue_private_link(participant)
    response = client.get(
        f"/km{reverse('participants:calendar', kwargs={'token': token})}", follow=True
    )
    entries = _entries(Calendar.from_ical(response.content))
    assert set(entries) == {"សិក្ខាសាលា ថ្ងៃទី២", "សម័យប្រជុំពេញអង្គ", "ក្រុម A"}


def _change_on_the_private_link(client, participant, capture, **changes):
    client.get(reverse("participants:manage", kwargs={"token": issue_private_link(participant)}))
    page = client.get("/r/change/").content.decode()
    data = {name: value for name, value in form_data(page, "change-form") if name not in changes}
    with capture(execute=True):
        return client.post("/r/change/", {**data, **changes})


def test_giving_up_a_day_is_confirmed_by_email_and_takes_that_day_off_the_calendar(
    client, workshop, smtp_server, django_capture_on_commit_callbacks
):
    person = _register(workshop, django_capture_on_commit_callbacks)
    held = _entries(_calendar(_received(smtp_server)))
    response = _change_on_the_private_link(
        client, person, django_capture_on_commit_callbacks, days="day1"
    )
    assert response.status_code == 302
    assert len(smtp_server.messages) == 2
    message = _received(smtp_server)
    text, _html = _text_and_html(message)
    assert "Your registration has been changed as asked on your private link." in text
    assert _day_label(workshop, 1) in text and _day_label(workshop, 2) not in text
    entries = _entries(_calendar(message))
    given_up = {f"{workshop.title}, day 2", "Plenary"}
    assert given_up <= set(held)
    assert given_up == {title for title, e in entries.items() if e.get("STATUS") == "CANCELLED"}
    for title in given_up:
        assert str(entries[title]["UID"]) == str(held[title]["UID"])
        assert int(entries[title]["SEQUENCE"]) > int(held[title]["SEQUENCE"])
    assert "Opening" in entries and "STATUS" not in entries["Opening"]


def test_saving_no_change_sends_nothing_and_a_new_seat_sends_one_email(
    client, workshop, smtp_server, django_capture_on_commit_callbacks
):
    person = _register(workshop, django_capture_on_commit_callbacks, attendance_mode=ONLINE)
    _change_on_the_private_link(client, person, django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 1  # the registration's own
    _change_on_the_private_link(
        client, person, django_capture_on_commit_callbacks, attendance_mode="in_person"
    )
    assert len(smtp_server.messages) == 2
    assert "Your place is confirmed." in _text_and_html(_received(smtp_server))[0]
