"""The private link: see, change and cancel a registration; nothing changes on a GET.

The link from an email sets a cookie and redirects to the pages' addresses without its
secret (`/r/`, `/r/change/`, …); `opened` is a browser that has followed it.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, ParticipantFactory, SessionFactory
from tests.participants.helpers import form_post
from wpsevents.participants.models import OutgoingEmail, Participant
from wpsevents.participants.qr import checkin_qr, checkin_qr_svg
from wpsevents.participants.tokens import issue_private_link


def without_csrf_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.fixture
def token(participant):
    return issue_private_link(participant)


@pytest.fixture
def opened(client, token):
    """A browser that has opened the participant's private link."""
    client.get(manage_url(token))
    return client


def manage_url(token):
    return reverse("participants:manage", kwargs={"token": token})


def open_link(client, token):
    """Open a private link as from an email, following its redirect; return the page."""
    return client.get(manage_url(token), follow=True)


PAGE = "/r/"
CHANGE = "/r/change/"
CANCEL = "/r/cancel/"
CALENDAR = "/r/calendar.ics"


def change_post(participant, **overrides):
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
        "language": "en",
    }
    data.update(overrides)
    return data


def test_private_link_shows_the_registration_and_is_never_cached(client, participant, token):
    response = open_link(client, token)
    body = response.content.decode()
    assert response.status_code == 200
    assert response.redirect_chain == [(PAGE, 302)]
    assert participant.reference in body
    assert participant.given_name in body
    assert "<svg" in body  # the check-in QR code
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)  # the edit drops cached pages as it commits
def test_private_link_shows_an_organisers_edit_of_the_event_at_once(opened, event):
    opened.get(PAGE)
    event.title = "Launch of the ASEAN Localisation Toolkit, second edition"
    event.save()
    assert "second edition" in opened.get(PAGE).content.decode()


@pytest.mark.django_db(transaction=True)  # the edit drops cached pages as it commits
def test_private_link_shows_the_working_group_and_its_new_title_at_once(client, event):
    group = SessionFactory(event=event, kind="working_group", title="Group on early warning")
    token = issue_private_link(ParticipantFactory(event=event, working_group=group))
    assert "Group on early warning" in open_link(client, token).content.decode()
    group.title = "Group on early warning and response"
    group.save()
    assert "early warning and response" in client.get(PAGE).content.decode()


def test_private_link_get_changes_nothing_but_notes_the_address_is_real(client, participant, token):
    before = Participant.objects.values().get(pk=participant.pk)
    for page in ("manage", "change", "cancel", "calendar"):
        client.get(reverse(f"participants:{page}", kwargs={"token": token}), follow=True)
    after = Participant.objects.values().get(pk=participant.pk)
    assert before.pop("email_confirmed_at") is None
    assert after.pop("email_confirmed_at") is not None
    assert after == before
    assert not OutgoingEmail.objects.exists()


def test_private_link_change_is_saved(opened, participant):
    data = change_post(participant, dietary_requirements="Vegan")
    response = opened.post(CHANGE, data)
    assert response.status_code == 302
    assert response.url == PAGE
    assert Participant.objects.get(pk=participant.pk).dietary_requirements == "Vegan"


def test_private_link_change_refuses_letters_in_the_phone_number(opened, participant):
    participant.phone = "+85512345678"
    participant.save()
    response = opened.post(CHANGE, change_post(participant, phone="012 345 abc"))
    assert response.status_code == 200
    assert "Please write the phone number with digits only, without letters." in (
        response.content.decode()
    )
    assert str(Participant.objects.get(pk=participant.pk).phone) == "+85512345678"


def test_private_link_change_with_bad_input_saves_nothing(opened, participant):
    response = opened.post(CHANGE, change_post(participant, given_name="\x00"))
    assert response.status_code == 200
    assert Participant.objects.get(pk=participant.pk).given_name == participant.given_name


def test_private_link_cannot_change_the_email_or_status(opened, participant):
    opened.post(
        CHANGE,
        change_post(participant, email="x@evil.example", status="confirmed", event="999"),
    )
    stored = Participant.objects.get(pk=participant.pk)
    assert stored.email == participant.email
    assert stored.event_id == participant.event_id


def test_private_link_cancel_asks_then_cancels_and_promotes(opened, event, participant):
    ParticipantFactory.create_batch(9, event=event)
    waiting = ParticipantFactory(event=event, status="waitlisted", waitlisted_at=timezone.now())
    assert "Yes, cancel my registration" in opened.get(CANCEL).content.decode()
    response = opened.post(CANCEL, follow=True)
    assert "has been cancelled" in response.content.decode()
    assert Participant.objects.get(pk=participant.pk).status == "cancelled"
    assert Participant.objects.get(pk=waiting.pk).status == "confirmed"


def test_private_link_calendar_download(opened, event):
    response = opened.get(CALENDAR)
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in response.content


@pytest.mark.parametrize("bad", ["unknown-token", "x" * 200, "%00", "a.b", "' OR 1=1 --"])
def test_private_link_unknown_or_tampered_is_404(client, participant, token, bad):
    response = client.get(f"/r/{bad}/")
    assert response.status_code == 404
    assert "Ask for a new private link" in response.content.decode()


def test_private_link_tampered_by_one_character_is_404(client, token):
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(manage_url(flipped)).status_code == 404


def test_private_link_expires_some_weeks_after_the_event(client, db):
    starts = timezone.now() - timedelta(days=60)
    event = EventFactory(starts_at=starts, ends_at=starts + timedelta(days=1))
    token = issue_private_link(ParticipantFactory(event=event))
    expired = client.get(manage_url(token))
    unknown = client.get(manage_url("nope"))
    assert expired.status_code == unknown.status_code == 404
    assert expired.content.decode().replace(token, "T") == unknown.content.decode().replace(
        "nope", "T"
    )


def test_resend_link_answers_the_same_for_known_and_unknown_addresses(client, event, participant):
    url = reverse("participants:resend_link", kwargs={"slug": event.slug})
    known = client.post(url, {"email": participant.email}, follow=True).content.decode()
    unknown = client.post(url, {"email": "stranger@example.org"}, follow=True).content.decode()
    assert without_csrf_token(known) == without_csrf_token(unknown)
    assert OutgoingEmail.objects.get().participant == participant


def test_resend_link_is_rate_limited(client, event):
    url = reverse("participants:resend_link", kwargs={"slug": event.slug})
    for number in range(5):
        client.post(url, {"email": f"p{number}@example.org"})
    assert client.post(url, {"email": "again@example.org"}).status_code == 429


def test_private_link_page_is_read_only(opened, participant):
    assert opened.post(PAGE, {"given_name": "Changed"}).status_code == 405
    assert Participant.objects.get(pk=participant.pk).given_name == participant.given_name


def test_private_link_change_page_shows_the_form_with_current_values(opened, participant):
    body = opened.get(CHANGE).content.decode()
    assert f'value="{participant.given_name}"' in body
    assert 'name="attendance_mode"' in body


def test_private_link_shows_the_checkin_code_to_a_confirmed_in_person_participant(
    opened, participant
):
    body = opened.get(PAGE).content.decode()
    assert "Show this code at the door." in body
    assert 'class="qr-code"' in body


def test_private_link_shows_no_checkin_code_to_an_online_participant(client, event):
    online = ParticipantFactory(event=event, attendance_mode=Participant.AttendanceMode.ONLINE)
    body = open_link(client, issue_private_link(online)).content.decode()
    assert online.reference in body
    assert "Your check-in code" not in body
    assert "Show this code at the door." not in body
    assert "<svg" not in body
    assert f'href="{event.livestream_url}"' in body
    assert "so that your seat goes to someone on the waitlist" not in body
    assert "Please cancel, so that the organisers know." in body


def test_private_link_of_a_cancelled_registration_offers_to_register_again(client, event):
    cancelled = ParticipantFactory(event=event, status=Participant.Status.CANCELLED)
    body = open_link(client, issue_private_link(cancelled)).content.decode()
    assert "calendar.ics" not in body
    assert "to my calendar" not in body
    register = reverse("participants:register", kwargs={"slug": event.slug})
    assert f'href="{register}">Register again</a>' in body


def test_register_again_from_the_private_link_revives_the_cancelled_registration(client, event):
    cancelled = ParticipantFactory(
        event=event, email="sokha@example.org", status=Participant.Status.CANCELLED
    )
    body = open_link(client, issue_private_link(cancelled)).content.decode()
    register = re.search(r'<a [^>]*href="([^"]+)">Register again</a>', body).group(1)
    assert client.post(register, form_post()).status_code == 302
    assert Participant.objects.get().pk == cancelled.pk
    assert Participant.objects.get().status == Participant.Status.CONFIRMED


def test_private_link_of_a_cancelled_registration_after_registration_closed(client, db):
    event = EventFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
    cancelled = ParticipantFactory(event=event, status=Participant.Status.CANCELLED)
    body = open_link(client, issue_private_link(cancelled)).content.decode()
    assert "Register again" not in body
    assert "calendar.ics" not in body


def test_private_link_of_a_declined_registration_offers_no_calendar_and_no_new_try(client, event):
    """Registering the address again would only send the link again: organisers said no."""
    declined = ParticipantFactory(event=event, status=Participant.Status.DECLINED)
    body = open_link(client, issue_private_link(declined)).content.decode()
    assert "calendar.ics" not in body
    assert "Register again" not in body
    assert "<svg" not in body


def test_checkin_qr_svg_scales_to_its_box_and_keeps_its_quiet_zone(participant):
    svg = checkin_qr_svg(participant)
    root = re.match(r"<svg[^>]*>", svg).group(0)
    size = checkin_qr(participant).symbol_size(scale=4, border=4)[0]
    assert f'viewBox="0 0 {size} {size}"' in root
    assert not re.search(r"\s(width|height)=", root)


def test_checkin_qr_svg_kept_in_the_old_fixed_size_is_not_served(participant, settings):
    old_key = f"checkin-qr:{settings.SITE_URL}:{participant.reference}"
    cache.set(old_key, '<svg width="148" height="148" class="segno"></svg>')
    assert "viewBox" in checkin_qr_svg(participant)


@pytest.mark.parametrize("status", [Participant.Status.CANCELLED, Participant.Status.DECLINED])
def test_private_link_calendar_is_gone_once_the_registration_ended(client, event, status):
    ended = ParticipantFactory(event=event, status=status)
    open_link(client, issue_private_link(ended))
    assert client.get(CALENDAR).status_code == 404
