"""Official invitation letters: for confirmed places, downloaded, emailed, verified by anyone."""

import secrets
from datetime import datetime
from email import message_from_bytes
from email.policy import default as default_policy
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import DelegationFactory, EventFactory, ParticipantFactory
from tests.pdfs import pdf_fonts, pdf_image_count, pdf_text
from wpsevents.participants import rules
from wpsevents.participants.documents.common import event_dates
from wpsevents.participants.models import Letter, OutgoingEmail, Participant
from wpsevents.participants.privacy import purge_event
from wpsevents.participants.tokens import issue_private_link

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")
# A 1×1 transparent PNG, standing for a scanned signature and a letterhead.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
Status = Participant.Status


@pytest.fixture
def workshop(db):
    """The workshop, with a letterhead, a signatory in both languages and a signature."""
    event = EventFactory(
        title_en="Localising the RPA-WPS",
        title_km="ការធ្វើមូលដ្ឋានីយកម្ម RPA-WPS",
        starts_at=datetime(2027, 3, 10, 8, tzinfo=PHNOM_PENH),
        ends_at=datetime(2027, 3, 11, 17, tzinfo=PHNOM_PENH),
        venue_name_en="Sokha Hotel",
        venue_address_en="Chroy Changvar, Phnom Penh",
        signatory_name_en="Dr. Kim Sovann",
        signatory_name_km="បណ្ឌិត គីម សុវណ្ណ",
        signatory_title_en="Secretary of State, Ministry of Women's Affairs",
        signatory_title_km="រដ្ឋលេខាធិការ ក្រសួងកិច្ចការនារី",
    )
    event.letterhead.save("letterhead.png", ContentFile(PNG))
    event.certificate_signature.save("signature.png", ContentFile(PNG))
    return event


def _delegate(event, **fields):
    defaults = {
        "given_name": "Sokha",
        "family_name": "Chan",
        "name_khmer": "ចាន់ សុខា",
        "position": "Director of Gender Equality",
        "organisation": "Ministry of Interior",
        "email": "sokha@example.org",
    }
    return ParticipantFactory(event=event, **{**defaults, **fields})


def _open_link(client, person, language=""):
    prefix = f"/{language}" if language else ""
    client.get(f"{prefix}/r/{issue_private_link(person)}/")
    return prefix


def _download(client, person, language=""):
    prefix = _open_link(client, person, language)
    return client.get(f"{prefix}/r/letter.pdf")


# The rule


@pytest.mark.parametrize(
    "status", [Status.WAITLISTED, Status.PENDING, Status.CANCELLED, Status.DECLINED, Status.HELD]
)
def test_letter_is_issued_only_for_a_confirmed_place(workshop, status):
    person = _delegate(workshop, status=status)
    with pytest.raises(ValidationError) as refused:
        rules.issue_letter(participant=person)
    assert refused.value.code == "not_confirmed"
    assert not Letter.objects.exists()


def test_letter_keeps_one_unguessable_code_and_reference(workshop):
    person = _delegate(workshop)
    first = rules.issue_letter(participant=person)
    again = rules.issue_letter(participant=person)
    assert (first.pk, first.code) == (again.pk, again.code)
    assert len(first.code) >= 27  # 20 random bytes, base64: 160 bits
    assert first.reference == f"INV/{first.issued_at:%Y}/{person.reference}"


# The PDF


def test_letter_pdf_from_the_private_link_in_both_languages(client, workshop):
    person = _delegate(workshop)
    response = _download(client, person)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    pdf = response.content
    text = pdf_text(pdf)
    assert text.count("\f") == 2  # a page in each language
    # pdftotext reads Khmer names and words well, but splits some stacked clusters: the
    # Khmer page is checked for the name, the reference and what is written in Latin script.
    english, khmer = (" ".join(page.split()) for page in text.split("\f")[:2])
    assert pdf_image_count(pdf) == 4  # letterhead and signature on each page
    letter = Letter.objects.get(participant=person)
    assert "Letter of invitation" in english and "Letter of invitation" not in khmer
    assert "Sokha Chan" in english and "ចាន់ សុខា" in khmer
    for page in (english, khmer):
        assert "Director of Gender Equality" in page
        assert "Ministry of Interior" in page
        assert letter.reference in page
        assert letter.code in page.replace(" ", "")
        assert "Sokha Hotel, Chroy Changvar, Phnom Penh" in page
    assert "the event “Localising the RPA-WPS”" in english and "RPA-WPS»" in khmer
    assert "held on 10 March 2027 – 11 March 2027 at" in english
    # the dates in Khmer digits (pdftotext splits the year's stacked cluster)
    assert "ទី១០" in khmer and "ទី១១" in khmer and "2027" not in khmer and "March" not in khmer
    assert "Dr. Kim Sovann" in english and "Secretary of State" in english
    assert "សុវណ្ណ" in khmer and "Kim Sovann" not in khmer
    fonts = pdf_fonts(pdf)
    assert any("Letter-Khmer" in font["name"] for font in fonts)
    assert all(font["embedded"] for font in fonts)


def test_letter_comes_first_in_the_persons_language(client, workshop):
    person = _delegate(workshop, language="km")
    khmer, english = pdf_text(_download(client, person).content).split("\f")[:2]
    assert "ចាន់ សុខា" in khmer and "Letter of invitation" not in khmer
    assert "Letter of invitation" in english


def test_letter_without_letterhead_or_signatory_names_the_organisers(client, db):
    event = EventFactory(organisers="UN Women with the Ministry of Women's Affairs")
    pdf = _download(client, _delegate(event)).content
    assert pdf_image_count(pdf) == 0
    assert "UN Women with the Ministry of Women's Affairs" in pdf_text(pdf)


# Who may download it


def test_private_link_offers_the_letter_for_a_confirmed_place(client, workshop):
    _open_link(client, _delegate(workshop))
    page = client.get(reverse("participants:manage")).content.decode()
    assert 'id="download-letter"' in page


@pytest.mark.parametrize("language", ["", "km"])
def test_someone_not_confirmed_is_told_why_there_is_no_letter(client, workshop, language):
    person = _delegate(workshop, status=Status.WAITLISTED)
    prefix = _open_link(client, person, language)
    assert 'id="download-letter"' not in client.get(prefix + "/r/").content.decode()
    response = client.get(f"{prefix}/r/letter.pdf")
    assert response.status_code == 403
    page = response.content.decode()
    english = "An invitation letter is issued only for a confirmed place."
    if language:
        assert "លិខិតអញ្ជើញ" in page and english not in page
    else:
        assert f"{english} This registration is waitlisted." in page
    assert not Letter.objects.exists()


def test_no_letter_without_a_private_link(client, workshop):
    _delegate(workshop)
    response = client.get(reverse("participants:letter"))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    bad = client.get(reverse("participants:letter", kwargs={"token": secrets.token_urlsafe(32)}))
    assert bad.status_code == 404
    assert not Letter.objects.exists()


def test_organisers_download_the_letter_from_the_participant_page(organiser_client, workshop):
    person = _delegate(workshop)
    change = reverse("admin:participants_participant_change", args=[person.pk])
    page = organiser_client.get(change).content.decode()
    url = reverse("admin:participants_participant_letter", args=[person.pk])
    assert f'href="{url}"' in page
    response = organiser_client.get(url)
    assert response.status_code == 200
    assert "Sokha Chan" in pdf_text(response.content)


def test_organisers_are_told_why_a_waitlisted_person_has_no_letter(organiser_client, workshop):
    person = _delegate(workshop, status=Status.WAITLISTED)
    change = reverse("admin:participants_participant_change", args=[person.pk])
    assert "Only for a confirmed place." in organiser_client.get(change).content.decode()
    url = reverse("admin:participants_participant_letter", args=[person.pk])
    response = organiser_client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == change
    assert "issued only for a confirmed place" in response.content.decode()


def test_check_in_staff_cannot_download_letters(checkin_client, workshop):
    person = _delegate(workshop)
    url = reverse("admin:participants_participant_letter", args=[person.pk])
    assert checkin_client.get(url).status_code == 403
    assert checkin_client.get(reverse("admin:participants_letter_changelist")).status_code == 403
    assert not Letter.objects.exists()


def test_organisers_see_the_letters_issued_and_cannot_change_them(organiser_client, workshop):
    letter = rules.issue_letter(participant=_delegate(workshop))
    page = organiser_client.get(reverse("admin:participants_letter_changelist")).content.decode()
    assert letter.reference in page and letter.get_absolute_url() in page
    change = reverse("admin:participants_letter_change", args=[letter.pk])
    assert organiser_client.post(change, {}).status_code == 403


# /verify/


def test_verify_confirms_a_letter_showing_only_name_and_event(client, workshop):
    person = _delegate(workshop, email="sokha.private@example.org")
    letter = rules.issue_letter(participant=person)
    response = client.get(f"/verify/{letter.code}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "This invitation letter is valid." in page
    assert "Sokha Chan" in page and "ចាន់ សុខា" in page
    assert "Localising the RPA-WPS" in page
    for private in ("sokha.private@example.org", "Ministry of Interior", "Director of Gender"):
        assert private not in page
    assert person.reference not in page


def test_verify_in_khmer(client, workshop):
    letter = rules.issue_letter(participant=_delegate(workshop))
    page = client.get(f"/km/verify/{letter.code}/").content.decode()
    assert "This invitation letter is valid." not in page
    assert "ការធ្វើមូលដ្ឋានីយកម្ម" in page and event_dates(workshop)["km"] in page


@pytest.mark.parametrize("code", [secrets.token_urlsafe(20), "x", "a" * 300, "INV-2027-WPS-7K3Q9M"])
def test_verify_refuses_made_up_codes(client, workshop, code):
    rules.issue_letter(participant=_delegate(workshop))
    response = client.get(reverse("participants:verify", kwargs={"code": code}))
    assert response.status_code == 404
    assert "This code is not valid" in response.content.decode()


def test_letter_of_a_cancelled_registration_is_no_longer_valid(client, workshop):
    person = _delegate(workshop)
    letter = rules.issue_letter(participant=person)
    rules.cancel_registration(participant=person)
    response = client.get(f"/verify/{letter.code}/")
    assert response.status_code == 404
    assert "Sokha" not in response.content.decode()


def test_verify_of_letters_is_rate_limited(client, workshop, settings):
    settings.RATELIMIT_ENABLE = True
    letter = rules.issue_letter(participant=_delegate(workshop))
    statuses = [client.get(f"/verify/{letter.code}/").status_code for _ in range(21)]
    assert statuses[0] == 200
    assert statuses[-1] == 429


def test_verify_of_a_letter_costs_two_queries(client, workshop, django_assert_num_queries):
    letter = rules.issue_letter(participant=_delegate(workshop))
    with django_assert_num_queries(2):  # no certificate; the letter with its person and event
        assert client.get(f"/verify/{letter.code}/").status_code == 200


def test_purging_the_event_makes_its_letters_not_valid(client, workshop):
    letter = rules.issue_letter(participant=_delegate(workshop))
    workshop.starts_at, workshop.ends_at = (
        workshop.starts_at.replace(year=2025),
        workshop.ends_at.replace(year=2025),
    )
    workshop.save()
    purge_event(event=workshop, older_than_days=None, ran_by="test")
    assert client.get(f"/verify/{letter.code}/").status_code == 404
    assert not Letter.objects.exists()


# Sent by email


def _received(smtp_server):
    (envelope,) = smtp_server.messages
    return envelope, message_from_bytes(envelope.content, policy=default_policy)


def test_letter_goes_to_a_focal_point_as_a_pdf(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    person = _delegate(workshop)
    with django_capture_on_commit_callbacks(execute=True):
        letter = rules.send_letter(participant=person, recipient="focal.point@mowa.gov.kh")
    envelope, message = _received(smtp_server)
    assert envelope.rcpt_tos == ["focal.point@mowa.gov.kh"]
    assert "Invitation letter: Localising the RPA-WPS" in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Dear colleague," in body
    assert "official invitation letter for Sokha Chan" in body
    assert "/r/" not in body  # the person's private link is theirs alone
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"invitation-letter-{person.reference}.pdf"
    text = pdf_text(attachment.get_content())
    assert "Sokha Chan" in text and "ចាន់ សុខា" in text and letter.reference in text
    sent = OutgoingEmail.objects.get(kind=OutgoingEmail.Kind.LETTER)
    assert (sent.recipient, sent.status) == ("focal.point@mowa.gov.kh", OutgoingEmail.Status.SENT)


def test_letter_to_a_focal_point_reads_in_the_focal_point_language(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    delegation = DelegationFactory(
        event=workshop, focal_point_email="focal.point@mowa.gov.kh", language="km"
    )
    person = _delegate(workshop, language="en", delegation=delegation)
    with django_capture_on_commit_callbacks(execute=True):
        rules.send_letter(participant=person, recipient=delegation.focal_point_email)
    envelope, message = _received(smtp_server)
    assert envelope.rcpt_tos == ["focal.point@mowa.gov.kh"]
    assert "Invitation letter" not in message["Subject"]  # in Khmer
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Dear colleague" not in body and "Please find attached" not in body
    # The delegate as a Khmer reader knows them: title and name in Khmer script.
    assert body.startswith("ជម្រាបសួរ") and "ចាន់ សុខា" in body and "Sokha Chan" not in body
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == f"invitation-letter-{person.reference}.pdf"


def test_letter_emailed_to_the_person_greets_them_in_their_language(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    person = _delegate(workshop, language="km")
    with django_capture_on_commit_callbacks(execute=True):
        rules.send_letter(participant=person)
    envelope, message = _received(smtp_server)
    assert envelope.rcpt_tos == ["sokha@example.org"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "ចាន់ សុខា" in body and "Dear colleague" not in body
    assert "Please find attached" not in body  # in Khmer
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"


def test_letter_is_not_sent_for_a_place_not_confirmed(workshop, django_capture_on_commit_callbacks):
    person = _delegate(workshop, status=Status.PENDING)
    with pytest.raises(ValidationError):
        rules.send_letter(participant=person, recipient="focal.point@mowa.gov.kh")
    assert not OutgoingEmail.objects.exists()


def test_letter_refuses_a_bad_recipient(workshop):
    with pytest.raises(ValidationError) as refused:
        rules.send_letter(participant=_delegate(workshop), recipient="not an address")
    assert refused.value.code == "invalid_recipient"
    assert not OutgoingEmail.objects.exists() and not Letter.objects.exists()


def test_a_letter_cancelled_before_it_leaves_goes_without_its_pdf(
    workshop, smtp_server, django_capture_on_commit_callbacks
):
    person = _delegate(workshop)
    with django_capture_on_commit_callbacks() as callbacks:
        rules.send_letter(participant=person, recipient="focal.point@mowa.gov.kh")
    Participant.objects.filter(pk=person.pk).update(status=Status.CANCELLED)
    for callback in callbacks:  # the email leaves after the cancellation
        callback()
    _envelope, message = _received(smtp_server)
    assert not list(message.iter_attachments())
    assert "no longer valid" in message.get_body(preferencelist=("plain",)).get_content()


def test_organisers_email_letters_from_the_list(
    organiser_client, workshop, smtp_server, django_capture_on_commit_callbacks
):
    confirmed = _delegate(workshop)
    waiting = _delegate(workshop, email="waiting@example.org", status=Status.WAITLISTED)
    changelist = reverse("admin:participants_participant_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            changelist,
            {"action": "send_letters", "_selected_action": [confirmed.pk, waiting.pk]},
            follow=True,
        )
    page = response.content.decode()
    assert "1 invitation letter queued for sending." in page
    assert f"{waiting}: An invitation letter is issued only for a confirmed place." in page
    assert [envelope.rcpt_tos for envelope in smtp_server.messages] == [["sokha@example.org"]]


def test_letterhead_must_be_a_small_image(workshop):
    workshop.letterhead = ContentFile(b"\x89PNG\r\n\x1a\n" * 300_000, "big.png")
    with pytest.raises(ValidationError) as refused:
        workshop.full_clean()
    assert "letterhead" in refused.value.message_dict
    workshop.letterhead = ContentFile(b"<svg/>", "letterhead.svg")
    with pytest.raises(ValidationError) as refused:
        workshop.full_clean()
    assert "letterhead" in refused.value.message_dict
