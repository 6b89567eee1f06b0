"""Personal data: the privacy notice, a copy on request, deletion, and the purge after the event."""

import io
import json
from collections import Counter
from datetime import timedelta

import pytest
import segno
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, ParticipantFactory
from wpsevents.participants import rules
from wpsevents.participants.mail.queue import queue_email
from wpsevents.participants.models import (
    AccessToken,
    CheckIn,
    OutgoingEmail,
    Participant,
    PurgeRecord,
)
from wpsevents.participants.qr import checkin_qr_svg
from wpsevents.participants.tokens import issue_private_link

CHANGELIST = reverse("admin:participants_participant_changelist")
KEPT_FIELDS = (
    "gender",
    "organisation_type",
    "country",
    "days",
    "attendance_mode",
    "status",
    "working_group_id",
)


def _ended_event(days_ago: int = 400):
    starts = timezone.now() - timedelta(days=days_ago)
    return EventFactory(starts_at=starts, ends_at=starts + timedelta(days=1), capacity=10)


def _person(event, **fields):
    participant = ParticipantFactory(
        event=event,
        given_name=fields.pop("given_name", "Sokunthea"),
        family_name="Phirun",
        name_khmer="សុគន្ធា",
        phone="+85512345678",
        position="Director of Gender Equality",
        dietary_requirements="Vegetarian",
        accessibility_needs="Wheelchair access",
        **fields,
    )
    CheckIn.objects.create(participant=participant, day=1)
    queue_email(participant, OutgoingEmail.Kind.CONFIRMATION)
    issue_private_link(participant)
    return participant


def _dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def _statistics(event):
    return Counter(Participant.objects.filter(event=event).values_list(*KEPT_FIELDS))


def test_privacy_notice_says_what_why_how_long_and_whom_to_ask(client, db, settings):
    settings.PRIVACY_CONTACT_EMAIL = "privacy@events.example.org"
    body = client.get(reverse("privacy")).content.decode()
    for heading in ("What we collect", "Why", "How long", "whom to contact"):
        assert heading in body
    assert "privacy@events.example.org" in body
    assert "twelve months after the event" in body


def test_registration_form_links_to_the_privacy_notice(client, event):
    page = client.get(reverse("participants:register", kwargs={"slug": event.slug}))
    assert f'href="{reverse("privacy")}"' in page.content.decode()


def test_purge_personal_data_anonymises_and_keeps_the_statistics(db):
    event = _ended_event()
    people = [_person(event, email=f"person{n}@example.org") for n in range(3)]
    before = _statistics(event)
    assert "Sokunthea" in _dump() and "person0@example.org" in _dump()
    call_command("purge_personal_data", "--event", event.slug, stdout=io.StringIO())
    assert _statistics(event) == before
    dump = _dump()
    for secret in (
        "Sokunthea",
        "Phirun",
        "សុគន្ធា",
        "person0@example.org",
        "12345678",
        "Director of Gender",
        "Vegetarian",
        "Wheelchair",
    ):
        assert secret not in dump
    assert CheckIn.objects.filter(participant__event=event).count() == 3
    assert not AccessToken.objects.filter(participant__in=people).exists()
    assert not OutgoingEmail.objects.filter(participant__in=people).exists()
    assert not Participant.history.filter(id__in=[p.pk for p in people]).exists()


@pytest.fixture
def encodings(monkeypatch):
    """The check-in codes encoded from now on: a code kept in the cache is not encoded again."""
    encoded = []
    encode = segno.make

    def counting(content, *args, **kwargs):
        encoded.append(content)
        return encode(content, *args, **kwargs)

    monkeypatch.setattr(segno, "make", counting)
    return encoded


def test_purge_personal_data_drops_the_kept_check_in_codes(db, encodings):
    event = _ended_event()
    people = [_person(event, email=f"person{n}@example.org") for n in range(2)]
    for person in people:
        checkin_qr_svg(person)  # kept, as the confirmation email leaves it
    checkin_qr_svg(people[0])
    assert len(encodings) == 2
    call_command("purge_personal_data", "--event", event.slug, stdout=io.StringIO())
    for person in people:
        checkin_qr_svg(person)
    assert len(encodings) == 4


def test_purge_personal_data_records_that_it_ran(db):
    event = _ended_event()
    _person(event)
    out = io.StringIO()
    call_command("purge_personal_data", "--event", event.slug, "--older-than", "365", stdout=out)
    record = PurgeRecord.objects.get()
    assert record.event == event
    assert record.participants_anonymised == 1
    assert record.older_than_days == 365
    assert "purge_personal_data" in record.ran_by
    assert "1 participants" in out.getvalue()


def test_purge_personal_data_waits_until_the_event_is_old_enough(db):
    event = _ended_event(days_ago=10)
    person = _person(event)
    call_command(
        "purge_personal_data", "--event", event.slug, "--older-than", "365", stdout=io.StringIO()
    )
    person.refresh_from_db()
    assert person.given_name == "Sokunthea"
    assert PurgeRecord.objects.get().participants_anonymised == 0


def test_purge_personal_data_leaves_other_events_alone(db):
    old, other = _ended_event(), _ended_event(days_ago=500)
    _person(old)
    keep = _person(other, email="keep@example.org")
    call_command("purge_personal_data", "--event", old.slug, stdout=io.StringIO())
    keep.refresh_from_db()
    assert keep.email == "keep@example.org"


def test_purge_personal_data_refuses_an_event_not_yet_over(event):
    person = _person(event)
    with pytest.raises(CommandError, match="not ended"):
        call_command("purge_personal_data", "--event", event.slug, stdout=io.StringIO())
    person.refresh_from_db()
    assert person.given_name == "Sokunthea"
    assert not PurgeRecord.objects.exists()


def test_purge_personal_data_refuses_an_unknown_event(db):
    with pytest.raises(CommandError, match="No event"):
        call_command("purge_personal_data", "--event", "nope", stdout=io.StringIO())


def _act(client, action: str, participants, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [p.pk for p in participants], **extra}
    return client.post(CHANGELIST, data)


def test_admin_download_personal_data_gives_everything_as_json(organiser_client, event):
    person = _person(event, email="sokunthea@example.org")
    response = _act(organiser_client, "download_personal_data", [person])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == (
        f'attachment; filename="personal-data-{person.reference}.json"'
    )
    [data] = json.loads(response.content)
    assert data["email"] == "sokunthea@example.org"
    assert data["name_khmer"] == "សុគន្ធា"
    assert data["phone"] == "+85512345678"
    assert data["event"] == str(event)
    assert [checkin["day"] for checkin in data["check_ins"]] == [1]
    assert data["emails"][0]["kind"] == "confirmation"


def test_admin_delete_personal_data_asks_first(organiser_client, event):
    person = _person(event)
    response = _act(organiser_client, "delete_personal_data", [person])
    assert response.status_code == 200
    assert "cannot be undone" in response.content.decode()
    assert Participant.objects.filter(pk=person.pk).exists()


def test_admin_delete_personal_data_deletes_everything_attached(organiser_client, event):
    person = _person(event, email="gone@example.org")
    pk, reference = person.pk, person.reference
    response = _act(organiser_client, "delete_personal_data", [person], confirm="yes")
    assert response.status_code == 302
    assert not Participant.objects.filter(pk=pk).exists()
    assert not Participant.history.filter(id=pk).exists()
    assert "gone@example.org" not in _dump()
    entry = LogEntry.objects.get(object_id=str(pk))
    assert entry.object_repr == reference


def test_admin_delete_personal_data_drops_the_kept_check_in_code(
    organiser_client, event, encodings
):
    person = _person(event)
    checkin_qr_svg(person)
    _act(organiser_client, "delete_personal_data", [person], confirm="yes")
    checkin_qr_svg(person)
    assert len(encodings) == 2


def test_admin_delete_personal_data_gives_the_seat_to_the_waitlist(organiser_client, db):
    event = EventFactory(capacity=1)
    seated = _person(event)
    waiting = rules.register_participant(
        event=event,
        data={
            "given_name": "Next",
            "email": "next@example.org",
            "organisation": "UN Women",
            "organisation_type": "un",
            "country": "KH",
            "gender": "woman",
            "consents_to_data_processing": True,
        },
    ).participant
    assert waiting.status == Participant.Status.WAITLISTED
    _act(organiser_client, "delete_personal_data", [seated], confirm="yes")
    waiting.refresh_from_db()
    assert waiting.status == Participant.Status.CONFIRMED


def test_checkin_staff_cannot_delete_personal_data(checkin_client, event):
    person = _person(event)
    _act(checkin_client, "delete_personal_data", [person], confirm="yes")
    assert Participant.objects.filter(pk=person.pk).exists()


def test_admin_has_no_bulk_delete_that_would_skip_the_waitlist(organiser_client, event):
    response = organiser_client.get(reverse("admin:participants_participant_changelist"))
    assert "delete_selected" not in response.content.decode()
    assert "delete_personal_data" in response.content.decode()


def test_admin_delete_button_gives_the_seat_to_the_waitlist(organiser_client, event):
    holders = ParticipantFactory.create_batch(10, event=event)
    waiting = ParticipantFactory(event=event, status="waitlisted", waitlisted_at=timezone.now())
    url = reverse("admin:participants_participant_delete", args=[holders[0].pk])
    response = organiser_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Participant.objects.filter(pk=holders[0].pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == Participant.Status.CONFIRMED


def test_purge_personal_data_on_its_timer_purges_every_event_due_and_only_once(db):
    due, recent = _ended_event(days_ago=400), _ended_event(days_ago=10)
    _person(due)
    keep = _person(recent, email="keep@example.org")
    out = io.StringIO()
    call_command("purge_personal_data", "--older-than", "365", stdout=out)
    assert f"1 participants of {due.slug} anonymised" in out.getvalue()
    keep.refresh_from_db()
    assert keep.email == "keep@example.org"
    again = io.StringIO()
    call_command("purge_personal_data", "--older-than", "365", stdout=again)
    assert "Nothing to purge yet" in again.getvalue()
    assert PurgeRecord.objects.count() == 1


def test_purge_personal_data_on_its_timer_exits_0_before_the_event_ends(event):
    """Scheduled monthly from the start: before the event is over there is nothing to do."""
    _person(event)
    out = io.StringIO()
    call_command("purge_personal_data", "--older-than", "365", stdout=out)
    call_command("purge_personal_data", "--event", event.slug, "--older-than", "365", stdout=out)
    assert out.getvalue().count("Nothing to purge yet") == 2
    assert not PurgeRecord.objects.exists()


def test_purge_personal_data_needs_an_event_or_an_age(db):
    with pytest.raises(CommandError, match="--older-than"):
        call_command("purge_personal_data", stdout=io.StringIO())
