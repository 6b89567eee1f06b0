"""A visitor's mistakes on the Khmer pages are answered in Khmer, with no English word.

Django's own Khmer catalogue and django-phonenumber-field leave several of these messages in
English; ours supplies them (`wpsevents/locale_extra.py`). Each bad value is sent as a browser
would send it, and the message shown is read from the page.
"""

import re
import threading

import pytest
import time_machine
from django.conf import settings
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.a11y.dom import Page, text
from tests.factories import EventFactory, ParticipantFactory, SessionFactory
from tests.participants.helpers import form_post
from wpsevents.events.models import Event, Session
from wpsevents.participants.models import Participant
from wpsevents.participants.tokens import issue_private_link

KHMER = re.compile(r"[\u1780-\u17ff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
# The Khmer text of the CSRF page names browsers' "cookies" in English too, in brackets after
# the Khmer word, as people find them in a browser's settings.
GLOSSES = {"cookies"}


def english_words(message: str, echoed: str = "") -> list[str]:
    """The English words of a message, leaving out the visitor's own value where it repeats it."""
    if echoed:
        message = message.replace(echoed, "")
    message = re.sub(r"\S+@\S+\.\w+", "", message)  # an example address is not English
    return ENGLISH_WORD.findall(message)


def assert_in_khmer(message: str, echoed: str = "") -> None:
    """The message is written in Khmer script and holds no English word."""
    assert KHMER.search(message), f"not in Khmer: {message!r}"
    assert not english_words(message, echoed), f"English in {message!r}"


def error_of(page: Page, field: str) -> str:
    """The error shown under a field, as its `aria-describedby` names it."""
    box = page.by_id(f"id_{field}_error")
    assert box is not None, f"no error shown for {field}"
    return text(box)


def error_summary(page: Page) -> str:
    """The list of mistakes at the top of the form."""
    return text(page.one("[data-error-summary]"))


# The invalid-email message shows an address as an example: an address, not English words.
EXAMPLE_ADDRESS = {"name", "example", "org"}


def assert_page_in_khmer(response, allowed: set[str] = frozenset()) -> None:
    """The page is in Khmer: all its English is text marked lang="en" (the language switcher),
    apart from the `allowed` words (a reference, a gloss)."""
    page = Page(response.content.decode())
    assert page.one("html").etree_element.get("lang") == "km"
    assert KHMER.search(text(page.one("main")))
    english = set(page.texts_outside_language(ENGLISH_WORD, "en")) - allowed - EXAMPLE_ADDRESS
    assert not english, f"English on a Khmer page: {sorted(english)}"


def khmer_url(name: str, **kwargs) -> str:
    """The address of a page in Khmer, whatever language the last request left active."""
    with translation.override("km"):
        return reverse(name, kwargs=kwargs)


def register_url(event: Event) -> str:
    return khmer_url("participants:register", slug=event.slug)


def resend_link_url(event: Event) -> str:
    return khmer_url("participants:resend_link", slug=event.slug)


def open_private_link(client, participant) -> None:
    """Open the participant's private link in Khmer, as from their email."""
    client.get(khmer_url("participants:manage", token=issue_private_link(participant)))


TOO_LONG_EMAIL = "sokha." + "a" * 240 + "@example.org"

REGISTRATION_MISTAKES = [
    pytest.param("email", "sokha.example.org", "", id="email without @"),
    pytest.param("email", "sokha@", "", id="email without domain"),
    pytest.param("email", "sokha chan@example.org", "", id="email with a space"),
    pytest.param("email", "", "", id="no email"),
    pytest.param("email", TOO_LONG_EMAIL, "", id="email too long"),
    pytest.param("email", "sokha\x00@example.org", "", id="email with a NUL byte"),
    pytest.param("phone", "12", "", id="phone too short"),
    pytest.param("phone", "call me", "", id="phone in words"),
    pytest.param("phone", "012 345 abc", "", id="phone with letters"),
    pytest.param("phone", "1" * 130, "", id="phone too long"),
    pytest.param("given_name", "", "", id="no given name"),
    pytest.param("given_name", "\u200b\u3164", "", id="given name that shows nothing"),
    pytest.param("family_name", "Chan\x00", "", id="family name with a NUL byte"),
    pytest.param("organisation", "Ministry\u202e", "", id="organisation with a direction override"),
    pytest.param("position", "Director\x07", "", id="position with a control character"),
    pytest.param("organisation", "", "", id="no organisation"),
    pytest.param("organisation", "M" * 201, "", id="organisation too long"),
    pytest.param("name_khmer", "ក" * 151, "", id="Khmer name too long"),
    pytest.param("dietary_requirements", "v" * 301, "", id="dietary requirements too long"),
    pytest.param("salutation", "king", "king", id="salutation not in the list"),
    pytest.param("organisation_type", "club", "club", id="organisation type not in the list"),
    pytest.param("organisation_type", "", "", id="no organisation type"),
    pytest.param("country", "XX", "XX", id="country not in the list"),
    pytest.param("country", "", "", id="no country"),
    pytest.param("gender", "robot", "robot", id="gender not in the list"),
    pytest.param("gender", None, "", id="no gender"),
    pytest.param("days", "day3", "day3", id="day not in the list"),
    pytest.param("attendance_mode", "hybrid", "hybrid", id="attendance not in the list"),
    pytest.param("language", "fr", "fr", id="language not in the list"),
    pytest.param("consents_to_data_processing", None, "", id="no consent"),
]


@pytest.mark.parametrize(("field", "value", "echoed"), REGISTRATION_MISTAKES)
def test_registration_mistake_is_answered_in_khmer(client, event, field, value, echoed):
    response = client.post(register_url(event), form_post(**{field: value}))
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert_in_khmer(error_of(page, field), echoed)
    assert_in_khmer(error_summary(page), echoed)
    assert not Participant.objects.exists()


@pytest.fixture
def khmer_event(db):
    """An open event whose title has its Khmer text, so that no English stands in for it."""
    return EventFactory(capacity=10, is_featured=True, title_km="សិក្ខាសាលាស្តីពីស្ត្រី សន្តិភាព")


def test_registration_form_with_every_mistake_is_a_khmer_page(client, khmer_event):
    event = khmer_event
    mistakes = {"email": "sokha@", "phone": "12", "given_name": "", "family_name": "Chan\x00"}
    response = client.post(register_url(event), form_post(**mistakes, organisation="M" * 201))
    assert_page_in_khmer(response)
    assert not Participant.objects.exists()


@pytest.mark.parametrize("started", ["forged", "", "1\x00"], ids=["forged", "missing", "NUL byte"])
def test_registration_with_a_bad_form_stamp_is_answered_in_khmer(client, event, started):
    response = client.post(register_url(event), form_post(started=started))
    assert response.status_code == 200
    assert_in_khmer(error_summary(Page(response.content.decode())))
    assert not Participant.objects.exists()


@pytest.fixture
def event_with_groups(db):
    """An open event with one working group and one plenary session."""
    event = EventFactory(capacity=10, is_featured=True)
    SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, title="Early warning")
    return event


@pytest.mark.parametrize("choice", ["early-warning", "plenary"])
def test_registration_with_a_working_group_not_offered_is_answered_in_khmer(
    client, event_with_groups, choice
):
    plenary = SessionFactory(event=event_with_groups, kind=Session.Kind.PLENARY)
    value = plenary.pk if choice == "plenary" else choice
    response = client.post(register_url(event_with_groups), form_post(working_group=value))
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert_in_khmer(error_of(page, "working_group"))
    assert not Participant.objects.exists()


def change_post(participant: Participant, **overrides) -> dict:
    """What the change form sends back unchanged, with the overrides."""
    data = {
        "salutation": "",
        "given_name": participant.given_name,
        "family_name": participant.family_name,
        "name_khmer": "",
        "phone": "",
        "organisation": participant.organisation,
        "position": "",
        "days": participant.days,
        "attendance_mode": participant.attendance_mode,
        "dietary_requirements": "",
        "accessibility_needs": "",
        "language": "km",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


CHANGE_MISTAKES = [
    pytest.param("given_name", "", "", id="no given name"),
    pytest.param("name_khmer", "ចាន់\x00", "", id="Khmer name with a NUL byte"),
    pytest.param("phone", "012", "", id="phone too short"),
    pytest.param("phone", "012 345 abc", "", id="phone with letters"),
    pytest.param("organisation", "M" * 201, "", id="organisation too long"),
    pytest.param("accessibility_needs", "a" * 301, "", id="accessibility needs too long"),
    pytest.param("salutation", "king", "king", id="salutation not in the list"),
    pytest.param("days", "day3", "day3", id="day not in the list"),
    pytest.param("attendance_mode", None, "", id="no attendance"),
    pytest.param("language", "fr", "fr", id="language not in the list"),
    pytest.param("working_group", "early-warning", "", id="working group not offered"),
]


@pytest.mark.parametrize(("field", "value", "echoed"), CHANGE_MISTAKES)
def test_change_through_the_private_link_mistake_is_answered_in_khmer(
    client, event_with_groups, field, value, echoed
):
    participant = ParticipantFactory(event=event_with_groups, given_name="Sokha")
    open_private_link(client, participant)
    change = khmer_url("participants:change")
    response = client.post(change, change_post(participant, **{field: value}))
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert_in_khmer(error_of(page, field), echoed)
    assert_in_khmer(error_summary(page), echoed)
    participant.refresh_from_db()
    assert participant.given_name == "Sokha"


@pytest.mark.parametrize(
    "email",
    ["sokha.example.org", "", TOO_LONG_EMAIL, "sokha\x00@example.org"],
    ids=["without @", "empty", "too long", "NUL byte"],
)
def test_asking_for_the_link_again_with_a_bad_address_is_answered_in_khmer(
    client, khmer_event, email
):
    response = client.post(resend_link_url(khmer_event), {"email": email})
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert_in_khmer(error_of(page, "email"))
    assert_page_in_khmer(response)


def test_cancelling_through_the_private_link_is_answered_in_khmer(client, khmer_event):
    participant = ParticipantFactory(event=khmer_event)
    open_private_link(client, participant)
    cancel = khmer_url("participants:cancel")
    assert_page_in_khmer(client.get(cancel), allowed=set(english_words(participant.reference)))
    response = client.post(cancel, follow=True)
    message = text(Page(response.content.decode()).one("main .alert"))
    assert_in_khmer(message)


def test_too_many_registrations_get_the_khmer_rate_limit_page(client, event):
    # The limit counts per minute: a clock that stands still keeps all eleven in one minute.
    with time_machine.travel(timezone.now(), tick=False):
        for number in range(10):
            client.post(register_url(event), form_post(email=f"p{number}@example.org"))
        response = client.post(register_url(event), form_post(email="eleventh@example.org"))
    assert response.status_code == 429
    assert_page_in_khmer(response)


def test_too_many_link_requests_get_the_khmer_rate_limit_page(client, event):
    with time_machine.travel(timezone.now(), tick=False):
        for _attempt in range(5):
            client.post(resend_link_url(event), {"email": "sokha@example.org"})
        response = client.post(resend_link_url(event), {"email": "sokha@example.org"})
    assert response.status_code == 429
    assert_page_in_khmer(response)


def _hold_event_lock(event: Event, locked: threading.Event, release: threading.Event) -> None:
    """Lock the event row in another connection, as a slow registration would."""
    try:
        with transaction.atomic():
            Event.objects.select_for_update().get(pk=event.pk)
            locked.set()
            release.wait(timeout=30)
    finally:
        connections.close_all()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="lock_timeout is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_registration_while_the_event_is_locked_gets_the_khmer_busy_page(client, event):
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_event_lock, args=(event, locked, release))
    holder.start()
    try:
        assert locked.wait(timeout=10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
        response = client.post(register_url(event), form_post())
    finally:
        release.set()
        holder.join()
    assert response.status_code == 503
    assert_page_in_khmer(response)
    assert not Participant.objects.exists()


@pytest.fixture
def failing_khmer_pages(settings):
    """The site, plus Khmer addresses that fail as a bug or a lost database would."""
    settings.ROOT_URLCONF = "tests.khmer_failing_urls"
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(("path", "status"), [("/km/boom/", 500), ("/km/database-gone/", 503)])
def test_failure_on_a_khmer_page_is_told_in_khmer(failing_khmer_pages, db, path, status):
    response = failing_khmer_pages.get(path)
    assert response.status_code == status
    page = Page(response.content.decode())
    assert page.one("html").etree_element.get("lang") == "km"
    assert_in_khmer(text(page.one("main")))


def test_unknown_khmer_address_gets_the_khmer_not_found_page(client, db):
    response = client.get("/km/no-such-page/")
    assert response.status_code == 404
    assert_page_in_khmer(response)


def test_khmer_form_sent_without_its_cookie_gets_the_khmer_csrf_page(event):
    response = Client(enforce_csrf_checks=True).post(register_url(event), form_post())
    assert response.status_code == 403
    assert_page_in_khmer(response, allowed=GLOSSES)


def test_khmer_form_with_too_many_fields_gets_the_khmer_bad_request_page(event):
    fields = {f"field{number}": "x" for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)}
    response = Client().post(register_url(event), {**form_post(), **fields})
    assert response.status_code == 400
    assert_page_in_khmer(response)


ADMIN_ADD = reverse("admin:participants_participant_add")


def test_admin_stays_in_english_for_an_organiser_who_reads_the_site_in_khmer(
    organiser_client, event
):
    organiser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    data = {
        "event": event.pk,
        "given_name": "Bopha",
        "email": "bopha.example.org",
        "gender": "woman",
        "language": "km",
        "organisation": "Women's Network",
        "organisation_type": "civil_society",
        "country": "KH",
        "days": "both",
        "attendance_mode": "in_person",
    }
    response = organiser_client.post(ADMIN_ADD, data, HTTP_ACCEPT_LANGUAGE="km")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en"' in body
    assert "Enter a valid email address." in body
    assert "អាសយដ្ឋានអ៊ីមែល" not in body
    assert not Participant.objects.exists()
