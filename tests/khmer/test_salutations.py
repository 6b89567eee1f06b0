"""A Khmer registrant is greeted by the name they wrote in Khmer script, with their title."""

import re
from email import message_from_bytes

import pytest
from django.utils import translation

from tests.factories import ParticipantFactory
from tests.participants.helpers import form_post
from wpsevents.participants.mail.queue import queue_email
from wpsevents.participants.models import OutgoingEmail, Participant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("salutation", "gender", "khmer"),
    [
        ("ms", "woman", "លោកស្រី ចាន់ សុខា"),
        ("mrs", "woman", "លោកស្រី ចាន់ សុខា"),
        ("mr", "man", "លោក ចាន់ សុខា"),
        ("dr", "woman", "លោកស្រីបណ្ឌិត ចាន់ សុខា"),
        ("dr", "man", "លោកបណ្ឌិត ចាន់ សុខា"),
        ("prof", "woman", "លោកស្រីសាស្ត្រាចារ្យ ចាន់ សុខា"),
        ("prof", "man", "លោកសាស្ត្រាចារ្យ ចាន់ សុខា"),
        ("he", "woman", "លោកជំទាវ ចាន់ សុខា"),
        ("", "woman", "លោកស្រី ចាន់ សុខា"),
        ("", "man", "លោក ចាន់ សុខា"),
        ("", "undisclosed", "លោក/លោកស្រី ចាន់ សុខា"),
    ],
)
def test_khmer_addresses_people_by_title_and_khmer_name(salutation, gender, khmer):
    person = Participant(
        salutation=salutation,
        gender=gender,
        given_name="Sokha",
        family_name="Chan",
        name_khmer="ចាន់ សុខា",
    )
    with translation.override("km"):
        assert person.addressed_name() == khmer


def test_english_keeps_the_name_as_written_and_no_invented_title():
    person = Participant(salutation="", gender="woman", given_name="Sokha", family_name="Chan")
    with translation.override("en"):
        assert person.addressed_name() == "Sokha Chan"
    person.salutation = "ms"
    with translation.override("en"):
        assert person.addressed_name() == "Ms Sokha Chan"


def test_a_khmer_email_greets_the_person_by_title_and_khmer_name(
    event, smtp_server, django_capture_on_commit_callbacks
):
    person = ParticipantFactory(
        event=event,
        language="km",
        salutation="ms",
        gender="woman",
        given_name="Sokha",
        family_name="Chan",
        name_khmer="ចាន់ សុខា",
    )
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(person, OutgoingEmail.Kind.CONFIRMATION)
    (message,) = smtp_server.messages
    parts = message_from_bytes(message.content).walk()
    (plain,) = [part for part in parts if part.get_content_type() == "text/plain"]
    assert plain.get_payload(decode=True).decode().startswith("ជម្រាបសួរ លោកស្រី ចាន់ សុខា")


@pytest.mark.parametrize(
    ("prefix", "thanks"),
    [("", "Thank you, Ms Sokha Chan."), ("/km", "សូមអរគុណ លោកស្រី ចាន់ សុខា។")],
    ids=["en", "km"],
)
def test_the_confirmation_thanks_the_person_by_title(client, event, prefix, thanks):
    page = client.post(f"{prefix}/events/{event.slug}/register/", form_post(), follow=True)
    assert page.status_code == 200
    assert thanks in page.content.decode()


def test_the_khmer_form_offers_titles_a_reader_can_tell_apart(client, event):
    page = client.get(f"/km/events/{event.slug}/register/").content.decode()
    select = re.search(r'<select name="salutation".*?</select>', page, re.S).group(0)
    options = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)<', select))
    assert len(set(options.values())) == len(options), options
    assert options["ms"] == "លោកស្រី"
    assert options["mrs"] == "លោកស្រី (រៀបការរួច)"
    assert options["mr"] == "លោក"


def test_a_khmer_registrant_who_chose_mrs_is_thanked_without_the_forms_note(client, event):
    page = client.post(
        f"/km/events/{event.slug}/register/", form_post(salutation="mrs"), follow=True
    ).content.decode()
    assert "សូមអរគុណ លោកស្រី ចាន់ សុខា។" in page
    assert "រៀបការរួច" not in page
