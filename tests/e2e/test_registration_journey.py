"""A newcomer on a phone registers with a Khmer name, opens the private link, and cancels."""

import re

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import expect

from tests.factories import EventFactory
from wpsevents.khmer import weekday_date
from wpsevents.participants.models import Participant

pytestmark = pytest.mark.e2e
LINK = re.compile(r"https://events\.example\.org(/r/[\w-]+/)")


@pytest.fixture
def open_event(transactional_db):
    return EventFactory(capacity=50, is_featured=True, title="Localising WPS in Cambodia")


def test_register_on_a_phone_then_cancel_from_the_private_link(page, live_server, open_event):
    mail.outbox.clear()
    page.goto(live_server.url + open_event.get_absolute_url())
    page.get_by_role("link", name="Register now").click()
    expect(page.get_by_role("heading", name="Register", exact=True)).to_be_visible()

    page.get_by_label("Given name").fill("Sreymom")
    page.get_by_label("Family name").fill("Keo")
    page.get_by_label("Name in Khmer script").fill("កែវ ស្រីមុំ")
    page.get_by_role("textbox", name="Email").fill("sreymom@example.org")
    page.get_by_role("textbox", name=re.compile(r"^Organisation")).fill("Cambodian Women's Network")
    page.get_by_label("Organisation type").select_option("civil_society")
    page.get_by_label("Country").select_option("KH")
    page.get_by_label("Woman", exact=True).check()
    page.get_by_label("I agree that the organisers process my personal data").check()
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your email")
    expect(page.get_by_text("Your place is confirmed.")).to_be_visible()
    participant = Participant.objects.get(email="sreymom@example.org")
    assert participant.name_khmer == "កែវ ស្រីមុំ"

    link = LINK.search(mail.outbox[-1].body).group(1)
    page.goto(live_server.url + link)
    expect(page.locator(".reference")).to_have_text(participant.reference)
    expect(page.get_by_text("កែវ ស្រីមុំ")).to_be_visible()
    page.get_by_role("link", name="Cancel my registration").click()
    page.get_by_role("button", name="Yes, cancel my registration").click()
    expect(page.get_by_text("Your registration has been cancelled.")).to_be_visible()
    participant.refresh_from_db()
    assert participant.status == Participant.Status.CANCELLED


def test_register_with_mistakes_shows_the_errors_first(page, live_server, open_event):
    page.goto(live_server.url + f"/events/{open_event.slug}/register/")
    page.get_by_role("textbox", name="Email").fill("not an email")
    page.get_by_role("button", name="Register").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Given name")
    assert not Participant.objects.exists()


def test_mistyped_email_on_the_khmer_form_on_a_phone_is_told_in_khmer(
    page, live_server, open_event
):
    page.goto(live_server.url + f"/km/events/{open_event.slug}/register/")
    with translation.override("km"):
        email_label = translation.gettext("email")
        register = translation.gettext("Register")
        invalid_email = translation.gettext(
            "Enter a valid email address. For example: name@example.org"
        )
    email = page.get_by_role("textbox", name=re.compile(rf"^{email_label}"))
    email.fill("sokha.example.org")
    page.get_by_role("button", name=register, exact=True).tap()

    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(email).to_have_attribute("aria-invalid", "true")
    error = page.locator("#id_email_error")
    error.scroll_into_view_if_needed()
    expect(error).to_be_visible()
    expect(error).to_have_text(invalid_email)
    assert re.search(r"[\u1780-\u17ff]", error.inner_text())
    example_removed = error.inner_text().replace("name@example.org", "")
    assert not re.search(r"[A-Za-z]{2,}", example_removed)
    assert not Participant.objects.exists()


def test_registering_in_khmer_for_day_2_online_shows_the_day_and_how_to_follow(
    page, live_server, open_event
):
    page.goto(live_server.url + f"/km/events/{open_event.slug}/register/")
    with translation.override("km"):
        day_2_only, online = translation.gettext("Day 2 only"), translation.gettext("Online")
        register = translation.gettext("Register")
        watch = translation.gettext("Watch the livestream")
        day_2 = open_event.days()[1]
        when = weekday_date(day_2)
    page.locator("#id_given_name").fill("Sreymom")
    page.locator("#id_family_name").fill("Keo")
    page.locator("#id_email").fill("sreymom@example.org")
    page.locator("#id_organisation").fill("Cambodian Women's Network")
    page.locator("#id_organisation_type").select_option("civil_society")
    page.locator("#id_country").select_option("KH")
    page.locator('input[name="gender"][value="woman"]').check()
    page.get_by_label(day_2_only, exact=True).check()
    page.get_by_label(online, exact=True).check()
    page.locator("#id_consents_to_data_processing").check()
    page.get_by_role("button", name=register, exact=True).tap()

    summary = page.locator(".registration-summary")
    expect(summary.locator(".registration-days")).to_have_text(f"ថ្ងៃទី២៖ {when}")
    expect(summary.locator(".registration-attendance")).to_have_text(online)
    follow = summary.get_by_role("link", name=watch)
    expect(follow).to_be_visible()
    expect(follow).to_have_attribute("href", open_event.livestream_url)
    registered = Participant.objects.get(email="sreymom@example.org")
    assert (registered.days, registered.attendance_mode) == ("day2", "online")
