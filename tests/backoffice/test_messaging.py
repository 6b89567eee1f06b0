"""Organisers write to a chosen set of participants, see a preview, then the worker sends."""

import pytest

from tests.backoffice.helpers import CHANGELIST, messages_of
from tests.factories import ParticipantFactory
from wpsevents.participants.mail.render import build_email
from wpsevents.participants.models import OutgoingEmail, Participant

MESSAGE = {"subject": "Room change", "body": "Day 2 moves to the Lotus room."}


def _post(client, participants=(), query="", **data):
    payload = {"action": "message_participants", "index": "0", **data}
    payload["_selected_action"] = [p.pk for p in participants]
    return client.post(CHANGELIST + query, payload, follow=True)


@pytest.mark.django_db
def test_message_compose_page_opens_for_the_selected(organiser_client, participant):
    response = _post(organiser_client, [participant])
    assert response.status_code == 200
    assert 'name="subject"' in response.content.decode()
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_message_preview_shows_recipients_and_the_rendered_message(organiser_client, event):
    people = [ParticipantFactory(event=event) for _ in range(3)]
    response = _post(organiser_client, people, step="preview", **MESSAGE)
    content = response.content.decode()
    assert "This message will be sent to 3 participants." in content
    assert "Day 2 moves to the Lotus room." in content
    assert "Dear " in content
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_message_preview_shows_names_and_text_as_text_not_markup(organiser_client, event):
    """A registrant chose their own name: in the organiser's page it must stay text."""
    trap = '<meta http-equiv="refresh" content="0;url=http://example.invalid/">'
    person = ParticipantFactory(event=event, family_name=trap)
    body = "Bring <b>your badge</b> & an ID."
    response = _post(organiser_client, [person], step="preview", subject="Badges", body=body)
    content = response.content.decode()
    assert "<meta http-equiv" not in content
    assert "&lt;meta http-equiv=&quot;refresh&quot;" in content
    assert "<b>your badge</b>" not in content
    assert "Bring &lt;b&gt;your badge&lt;/b&gt; &amp; an ID." in content


@pytest.mark.django_db
def test_message_refuses_direction_tricks_in_its_subject(organiser_client, participant):
    response = _post(
        organiser_client, [participant], step="preview", subject="Room\u202eegnahc", body="x"
    )
    assert "Please remove the invisible or control characters" in response.content.decode()
    assert 'class="message-preview"' not in response.content.decode()


@pytest.mark.django_db
def test_message_preview_shows_the_link_in_the_recipients_language(organiser_client, event):
    khmer = ParticipantFactory(event=event, language=Participant.Language.KHMER)
    response = _post(organiser_client, [khmer], step="preview", **MESSAGE)
    assert "/km/r/…/" in response.content.decode()


@pytest.mark.django_db
def test_message_send_records_one_email_per_participant(organiser_client, event):
    people = [ParticipantFactory(event=event) for _ in range(3)]
    response = _post(organiser_client, people, step="send", **MESSAGE)
    emails = OutgoingEmail.objects.all()
    assert {e.participant for e in emails} == set(people)
    assert {(e.kind, e.subject, e.body) for e in emails} == {
        (OutgoingEmail.Kind.MESSAGE, MESSAGE["subject"], MESSAGE["body"])
    }
    assert "The message is queued for 3 participants." in messages_of(response)


@pytest.mark.django_db
def test_message_goes_to_all_confirmed_in_person_participants_of_day_2(organiser_client, event):
    day_2 = ParticipantFactory(event=event, days=Participant.Days.DAY_2)
    both = ParticipantFactory(event=event, days=Participant.Days.BOTH)
    ParticipantFactory(event=event, days=Participant.Days.DAY_1)
    ParticipantFactory(event=event, days=Participant.Days.BOTH, attendance_mode="online")
    ParticipantFactory(event=event, status=Participant.Status.WAITLISTED)
    query = "?status__exact=confirmed&attendance_mode__exact=in_person&day=2"
    _post(organiser_client, [day_2], query=query, select_across="1", step="send", **MESSAGE)
    assert set(OutgoingEmail.objects.values_list("participant", flat=True)) == {
        day_2.pk,
        both.pk,
    }


@pytest.mark.django_db
def test_message_email_carries_the_text_and_the_private_link(organiser_client, participant):
    _post(organiser_client, [participant], step="send", **MESSAGE)
    email = build_email(OutgoingEmail.objects.get())
    assert email.subject == "Room change"
    assert "Day 2 moves to the Lotus room." in email.body
    assert "https://events.example.org/r/" in email.body


@pytest.mark.django_db
def test_message_needs_a_subject_and_text(organiser_client, participant):
    response = _post(organiser_client, [participant], step="preview", subject="", body="")
    assert "This field is required." in response.content.decode()
    assert not OutgoingEmail.objects.exists()


BILINGUAL = {
    **MESSAGE,
    "subject_km": "ការផ្លាស់ប្តូរបន្ទប់",
    "body_km": "ថ្ងៃទី២ ផ្លាស់ទៅបន្ទប់ឈូក។",
}


@pytest.mark.django_db
def test_message_goes_to_each_person_in_their_language(organiser_client, event):
    english = ParticipantFactory(event=event, language=Participant.Language.ENGLISH)
    khmer = ParticipantFactory(event=event, language=Participant.Language.KHMER)
    _post(organiser_client, [english, khmer], step="send", **BILINGUAL)
    sent = {e.participant_id: (e.subject, e.body) for e in OutgoingEmail.objects.all()}
    assert sent == {
        english.pk: (MESSAGE["subject"], MESSAGE["body"]),
        khmer.pk: (BILINGUAL["subject_km"], BILINGUAL["body_km"]),
    }


@pytest.mark.django_db
def test_message_without_khmer_goes_in_english_to_everyone(organiser_client, event):
    khmer = ParticipantFactory(event=event, language=Participant.Language.KHMER)
    _post(organiser_client, [khmer], step="send", **MESSAGE, subject_km="", body_km="")
    email = OutgoingEmail.objects.get()
    assert (email.subject, email.body) == (MESSAGE["subject"], MESSAGE["body"])


@pytest.mark.django_db
def test_message_preview_shows_one_recipient_per_language_as_the_email_reads(
    organiser_client, event
):
    english = ParticipantFactory(event=event, language=Participant.Language.ENGLISH)
    ParticipantFactory(event=event, language=Participant.Language.ENGLISH)
    khmer = ParticipantFactory(event=event, language=Participant.Language.KHMER)
    content = _post(
        organiser_client, [english, khmer], step="preview", **BILINGUAL
    ).content.decode()
    assert content.count('class="message-preview"') == 2
    assert "Day 2 moves to the Lotus room." in content
    assert BILINGUAL["body_km"] in content
    assert BILINGUAL["subject_km"] in content
    _post(organiser_client, [khmer], step="send", **BILINGUAL)
    sent = build_email(OutgoingEmail.objects.get()).body
    preview = content.split('id="message-preview-2" class="message-preview">')[1].split("</pre>")
    # the preview is the email itself, but for the private link's secret
    shown = preview[0].replace("&amp;", "&").replace("&quot;", '"').replace("&#x27;", "'")
    assert shown.split("/km/r/")[0] == sent.split("/km/r/")[0]


@pytest.mark.django_db
def test_message_refuses_a_greeting_of_its_own(organiser_client, participant):
    body = "Dear colleagues,\nDay 2 moves to the Lotus room."
    response = _post(organiser_client, [participant], step="preview", subject="Room", body=body)
    content = response.content.decode()
    assert "Leave out the greeting" in content
    assert 'class="message-preview"' not in content


@pytest.mark.django_db
def test_message_buttons_look_like_the_admins(organiser_client, participant):
    content = _post(organiser_client, [participant]).content.decode()
    assert 'class="button default"' in content
