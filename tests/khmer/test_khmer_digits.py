"""On Khmer pages and in Khmer emails every number a person reads is in Khmer digits.

Codes keep their Western digits: references, addresses of pages and mailboxes, phone numbers
and "UTC+7". Everything else a Khmer reader sees, dates, times, days, counts, is walked here.
"""

import re
from email import message_from_bytes
from html import unescape

import pytest
from django.test import Client
from django.utils import translation
from icalendar import Calendar

from tests.factories import ParticipantFactory
from tests.participants.helpers import form_post
from tests.standards.test_email_spam_score import KINDS
from wpsevents.events.calendar import calendar_for
from wpsevents.khmer import khmer_digits, local_digits
from wpsevents.participants.mail.queue import queue_email
from wpsevents.participants.tokens import issue_private_link

CODES = [
    re.compile(r"https?://\S+"),
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),
    re.compile(r"\bWPS-[0-9A-Z]+\b"),
    re.compile(r"\+?\d[\d ]{7,}\d"),
    re.compile(r"UTC\+7"),
    re.compile(r"\+855"),
]
HIDDEN = re.compile(r"<(script|style|head)\b.*?</\1>", re.S)
TAG = re.compile(r"<[^>]+>")
WESTERN_DIGITS = re.compile(r".{0,30}[0-9].{0,30}")


def _western_digits(text: str) -> list[str]:
    """The places in `text`, outside codes, where a Western digit shows."""
    for code in CODES:
        text = code.sub(" ", text)
    return [match.group(0).strip() for match in WESTERN_DIGITS.finditer(text)]


def _readable(html: str) -> str:
    return unescape(TAG.sub(" ", HIDDEN.sub(" ", html)))


def _khmer_pages(workshop) -> dict[str, str]:
    client = Client()
    event = f"/km/events/{workshop.slug}/"
    pages = {
        name: client.get(path)
        for name, path in {
            "event": event,
            "programme": f"{event}programme/",
            "resources": f"{event}resources/",
            "registration": f"{event}register/",
            "send-my-link": f"{event}my-link/",
            "privacy": "/km/privacy/",
            "not-found": "/km/nowhere/",
        }.items()
    }
    pages["registration-with-errors"] = client.post(f"{event}register/", {"email": "nobody"})
    pages["registration-too-long"] = client.post(
        f"{event}register/", form_post(organisation="M" * 250)
    )
    pages["confirmation"] = client.post(f"{event}register/", form_post(language="km"), follow=True)
    person = ParticipantFactory(
        event=workshop, language="km", given_name="Sokha", family_name="Chan", name_khmer="ចាន់ សុខា"
    )
    pages["private-link"] = client.get(f"/km/r/{issue_private_link(person)}/", follow=True)
    pages["change"] = client.get("/km/r/change/")
    pages["cancel"] = client.get("/km/r/cancel/")
    return {name: _readable(response.content.decode()) for name, response in pages.items()}


def test_khmer_digits_writes_every_digit():
    assert khmer_digits("08:00–12:30, 2027") == "០៨:០០–១២:៣០, ២០២៧"


def test_local_digits_follows_the_language():
    with translation.override("km"):
        assert local_digits(5) == "៥"
    with translation.override("en"):
        assert local_digits(5) == "5"


@pytest.mark.django_db
def test_khmer_dates_read_as_a_ministry_writes_them(client, workshop):
    html = _readable(client.get(f"/km/events/{workshop.slug}/").content.decode())
    assert "ថ្ងៃពុធ ទី៦ ខែមករា ឆ្នាំ២០២៧ ម៉ោង ០៨:០០" in html
    assert "ម៉ោងភ្នំពេញ (UTC+7)" in html and "(ម៉ោងភ្នំពេញ" not in html
    programme = _readable(client.get(f"/km/events/{workshop.slug}/programme/").content.decode())
    assert re.search(r"០៨:០០\s*–\s*០៨:៣០", programme), programme


@pytest.mark.django_db
def test_khmer_pages_show_no_western_digit_outside_codes(workshop):
    pages = _khmer_pages(workshop)
    found = {name: _western_digits(text) for name, text in pages.items()}
    found = {name: places for name, places in found.items() if places}
    assert not found, "\n".join(f"{name}: {places}" for name, places in found.items())


@pytest.mark.django_db
def test_length_errors_count_in_the_readers_digits(client, workshop):
    def error_page(prefix: str) -> str:
        page = client.post(f"{prefix}/events/{workshop.slug}/register/", too_long)
        return _readable(page.content.decode())

    too_long = form_post(organisation="M" * 250)
    khmer = "សូមសរសេរមិនឱ្យលើសពី ២០០ តួអក្សរ (លោកអ្នកបានសរសេរ ២៥០ តួអក្សរ)។"
    assert khmer in error_page("/km")
    assert "Ensure this value has at most 200 characters (it has 250)." in error_page("")


@pytest.mark.django_db
def test_khmer_emails_show_no_western_digit_outside_codes(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for name, (kind, status) in KINDS.items():
            participant = ParticipantFactory(
                event=workshop,
                status=status,
                language="km",
                email=f"{name}@example.org",
                given_name="Sokha",
                family_name="Chan",
            )
            queue_email(participant, kind, body="កម្មវិធីមានវគ្គថ្មីមួយ។" if name == "message" else "")
    found = {}
    for message in smtp_server.messages:
        for part in message_from_bytes(message.content).walk():
            if part.get_content_type() in ("text/plain", "text/html"):
                text = part.get_payload(decode=True).decode()
                places = _western_digits(_readable(text))
                if places:
                    found[f"{message.rcpt_tos[0]} {part.get_content_type()}"] = places
    assert len(smtp_server.messages) == len(KINDS)
    assert not found, "\n".join(f"{name}: {places}" for name, places in found.items())


@pytest.mark.django_db
def test_khmer_calendar_numbers_its_days_in_khmer(workshop):
    with translation.override("km"):
        calendar = Calendar.from_ical(calendar_for(workshop))
    days = [str(entry["SUMMARY"]) for entry in calendar.walk("VEVENT")][:2]
    assert days == [f"{workshop.title_km} ថ្ងៃទី១", f"{workshop.title_km} ថ្ងៃទី២"]
