"""Certificates of attendance: for people checked in, downloaded, verified by anyone."""

import secrets
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, ParticipantFactory
from tests.pdfs import pdf_fonts, pdf_image_count, pdf_text
from wpsevents.participants import rules
from wpsevents.participants.door.certificates import verify_url
from wpsevents.participants.models import Certificate
from wpsevents.participants.privacy import purge_event
from wpsevents.participants.tokens import issue_private_link

# A 1×1 transparent PNG, standing for a scanned signature.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def held_event(db):
    """A two-day event that ended yesterday, still open at the door to undo check-ins."""
    starts = timezone.localtime().replace(hour=8, minute=0, second=0) - timedelta(days=3)
    return EventFactory(
        title="Localising the RPA-WPS",
        organisers="UN Women with the Ministry of Women's Affairs",
        starts_at=starts,
        ends_at=starts + timedelta(days=1, hours=8),
        is_checkin_open=True,
    )


def _attendee(event, *days, **fields):
    person = ParticipantFactory(event=event, **fields)
    for day in days:
        rules.check_in(participant=person, day=day, at_the_door=False)
    return person


def _download(client, person):
    client.get(reverse("participants:manage", kwargs={"token": issue_private_link(person)}))
    return client.get(reverse("participants:certificate"))


def test_certificate_is_issued_only_to_people_checked_in(held_event):
    absent = ParticipantFactory(event=held_event)
    with pytest.raises(ValidationError) as refused:
        rules.issue_certificate(participant=absent)
    assert refused.value.code == "not_checked_in"
    assert not Certificate.objects.exists()


def test_certificate_is_not_issued_before_the_event_is_over(db):
    event = EventFactory(starts_at=timezone.now() - timedelta(hours=2))
    person = _attendee(event, 1)
    with pytest.raises(ValidationError) as refused:
        rules.issue_certificate(participant=person)
    assert refused.value.code == "event_not_over"


def test_undone_check_ins_earn_no_certificate(held_event):
    person = _attendee(held_event, 1)
    rules.undo_check_in(participant=person, day=1)
    with pytest.raises(ValidationError):
        rules.issue_certificate(participant=person)


def test_certificate_keeps_one_unguessable_code(held_event):
    person = _attendee(held_event, 1)
    first = rules.issue_certificate(participant=person)
    again = rules.issue_certificate(participant=person)
    assert first.pk == again.pk and first.code == again.code
    assert len(first.code) >= 27  # 20 random bytes, base64: 160 bits


def test_certificate_pdf_from_the_private_link_after_the_event(client, held_event):
    held_event.certificate_signature.save("signature.png", ContentFile(PNG))
    person = _attendee(
        held_event, 1, 2, given_name="Sokha", family_name="Chan", name_khmer="ចាន់ សុខា"
    )
    response = _download(client, person)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert text.count("\f") == 1  # one page
    assert pdf_image_count(response.content) == 1  # the signature
    assert "Certificate of attendance" in text
    assert "Sokha Chan" in text and "ចាន់ សុខា" in text
    assert "Localising the RPA-WPS" in text
    assert "attended both days" in text
    assert "UN Women with the Ministry of Women's Affairs" in text
    certificate = Certificate.objects.get(participant=person)
    assert verify_url(certificate).endswith(f"/verify/{certificate.code}/")
    assert certificate.code in text.replace("\n", "").replace(" ", "")
    fonts = pdf_fonts(response.content)
    assert any("Cert-Khmer" in font["name"] for font in fonts)
    assert all(font["embedded"] for font in fonts)


def test_certificate_names_the_dates_of_one_day_attended(client, held_event):
    person = _attendee(held_event, 2)
    pdf = _download(client, person).content
    assert pdf_image_count(pdf) == 0  # no signature set: none printed
    text = pdf_text(pdf)
    day_2 = held_event.days()[1]
    assert f"attended on {day_2.day} {day_2:%B %Y}" in text
    assert "both days" not in text


def test_no_certificate_for_someone_not_checked_in(client, held_event):
    person = ParticipantFactory(event=held_event)
    assert _download(client, person).status_code == 404
    page = client.get(reverse("participants:manage"))
    assert b"download-certificate" not in page.content


def test_private_link_offers_the_certificate_after_the_event(client, held_event):
    person = _attendee(held_event, 1)
    client.get(reverse("participants:manage", kwargs={"token": issue_private_link(person)}))
    page = client.get(reverse("participants:manage"))
    assert b"download-certificate" in page.content


def test_verify_shows_only_name_event_and_days(client, held_event):
    person = _attendee(
        held_event,
        1,
        given_name="Sokha",
        family_name="Chan",
        email="sokha.private@example.org",
        organisation="Secret Ministry",
        position="Chief of Secrets",
    )
    certificate = rules.issue_certificate(participant=person)
    response = client.get(f"/verify/{certificate.code}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    page = response.content.decode()
    assert "This certificate is valid." in page
    assert "Sokha Chan" in page and "Localising the RPA-WPS" in page
    assert "attended on" in page
    for private in ("sokha.private@example.org", "Secret Ministry", "Chief of Secrets"):
        assert private not in page
    assert person.reference not in page


@pytest.mark.parametrize(
    "code", [secrets.token_urlsafe(20), "x", "a" * 300, "WPS-7K3Q9M", "%00", "' OR 1=1 --"]
)
def test_verify_refuses_made_up_codes(client, held_event, code):
    rules.issue_certificate(participant=_attendee(held_event, 1))
    response = client.get(reverse("participants:verify", kwargs={"code": code}))
    assert response.status_code == 404
    assert "This code is not valid" in response.content.decode()


def test_verify_says_not_valid_once_the_check_in_is_undone(client, held_event):
    person = _attendee(held_event, 1)
    certificate = rules.issue_certificate(participant=person)
    rules.undo_check_in(participant=person, day=1)
    response = client.get(f"/verify/{certificate.code}/")
    assert response.status_code == 404


def test_verify_is_rate_limited(client, held_event, settings):
    settings.RATELIMIT_ENABLE = True
    statuses = [client.get(f"/verify/{secrets.token_urlsafe(20)}/").status_code for _ in range(25)]
    assert statuses[0] == 404
    assert statuses[-1] == 429


def test_verify_in_khmer(client, held_event):
    person = _attendee(held_event, 1, 2)
    certificate = rules.issue_certificate(participant=person)
    page = client.get(f"/km/verify/{certificate.code}/").content.decode()
    assert "attended both days" not in page
    assert person.given_name in page


def test_verify_costs_two_queries(client, held_event, django_assert_num_queries):
    certificate = rules.issue_certificate(participant=_attendee(held_event, 1, 2))
    with django_assert_num_queries(2):  # the certificate with its person and event; check-ins
        assert client.get(f"/verify/{certificate.code}/").status_code == 200


def test_purging_the_event_makes_its_certificates_not_valid(client, held_event):
    certificate = rules.issue_certificate(participant=_attendee(held_event, 1))
    purge_event(event=held_event, older_than_days=None, ran_by="test")
    assert client.get(f"/verify/{certificate.code}/").status_code == 404


def test_signature_must_be_a_small_image(held_event):
    held_event.certificate_signature = ContentFile(b"\x89PNG\r\n\x1a\n" * 300_000, "big.png")
    with pytest.raises(ValidationError) as refused:
        held_event.full_clean()
    assert "certificate_signature" in refused.value.message_dict
    held_event.certificate_signature = ContentFile(b"<svg/>", "signature.svg")
    with pytest.raises(ValidationError):
        held_event.full_clean()


def test_organisers_see_the_certificates_issued_and_cannot_change_them(
    organiser_client, held_event
):
    certificate = rules.issue_certificate(participant=_attendee(held_event, 1))
    page = organiser_client.get(reverse("admin:participants_certificate_changelist"))
    assert page.status_code == 200
    assert certificate.get_absolute_url() in page.content.decode()
    change = reverse("admin:participants_certificate_change", args=[certificate.pk])
    assert organiser_client.post(change, {}).status_code == 403
    assert organiser_client.get(reverse("admin:participants_certificate_add")).status_code == 403


def test_check_in_staff_see_no_certificates(checkin_client, held_event):
    page = checkin_client.get(reverse("admin:participants_certificate_changelist"))
    assert page.status_code == 403
