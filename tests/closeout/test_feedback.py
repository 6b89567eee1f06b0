"""The feedback survey: from the private link, in the person's language, answered once."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import EventFactory, ParticipantFactory, SessionFactory
from wpsevents.events.models import Session
from wpsevents.participants.models import Feedback, Participant, SessionRating
from wpsevents.participants.privacy import personal_data, purge_event
from wpsevents.participants.tokens import issue_private_link

from .conftest import attendee


@pytest.fixture
def sessions(held_event):
    day = held_event.starts_at
    return [
        SessionFactory(event=held_event, title="Opening", starts_at=day + timedelta(hours=1)),
        SessionFactory(event=held_event, title="Panel", starts_at=day + timedelta(hours=3)),
        SessionFactory(
            event=held_event,
            title="Coffee",
            kind=Session.Kind.BREAK,
            starts_at=day + timedelta(hours=2),
        ),
    ]


def _survey(client, person, language="en") -> str:
    """Open the survey as the close-out email's link does; the survey's address."""
    with translation.override(language):
        link = reverse("participants:feedback", kwargs={"token": issue_private_link(person)})
        survey = reverse("participants:feedback")
    assert client.get(link).url == survey
    return survey


def test_khmer_participant_answers_the_survey_in_khmer(client, held_event, sessions):
    person = attendee(held_event, 1, language="km")
    survey = _survey(client, person, "km")
    page = client.get(survey).content.decode()
    assert "លោកអ្នកវាយតម្លៃព្រឹត្តិការណ៍នេះ" in page
    assert "Opening" in page and "Panel" in page and "Coffee" not in page  # no rating of breaks
    opening, _panel, _break = sessions
    sent = client.post(
        survey,
        {
            "overall_rating": "5",
            f"session_{opening.pk}": "4",
            "to_improve": "  ពេលវេលាច្រើនជាងនេះ  ",
            "comments": "",
        },
        follow=True,
    )
    assert sent.redirect_chain[-1][0] == "/km/r/"
    assert "សូមអរគុណ៖ ចម្លើយរបស់លោកអ្នកត្រូវបានកត់ត្រាទុកហើយ។" in sent.content.decode()
    feedback = Feedback.objects.get(participant=person)
    assert (feedback.overall_rating, feedback.to_improve) == (5, "ពេលវេលាច្រើនជាងនេះ")
    assert [(r.session_id, r.usefulness) for r in feedback.session_ratings.all()] == [
        (opening.pk, 4)
    ]
    assert "answer-survey" not in sent.content.decode()


def test_one_answer_per_participant(client, held_event, sessions):
    person = attendee(held_event, 1)
    survey = _survey(client, person)
    client.post(survey, {"overall_rating": "4"})
    again = client.post(survey, {"overall_rating": "1"})
    assert "already answered" in again.content.decode()
    assert Feedback.objects.get(participant=person).overall_rating == 4
    with pytest.raises(IntegrityError):
        Feedback.objects.create(participant=person, overall_rating=2)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"overall_rating": "9"},
        {"overall_rating": "abc"},
        {"overall_rating": "3", "session_OPENING": "6"},
        {"overall_rating": "3", "comments": "x" * 2001},
        {"overall_rating": "3", "to_improve": "text\u202ehidden"},
    ],
    ids=["no rating", "rating out of range", "not a number", "bad session", "too long", "bidi"],
)
def test_bad_answers_get_errors_in_khmer_and_store_nothing(client, held_event, sessions, data):
    person = attendee(held_event, 2, language="km")
    survey = _survey(client, person, "km")
    posted = {k.replace("OPENING", str(sessions[0].pk)): v for k, v in data.items()}
    answer = client.post(survey, posted)
    assert answer.status_code == 200
    assert "error-summary" in answer.content.decode()
    assert "សូមកែតម្រូវ" in answer.content.decode()
    assert not Feedback.objects.exists() and not SessionRating.objects.exists()


def test_survey_opens_only_when_the_event_starts(client, db):
    event = EventFactory(starts_at=timezone.now() + timedelta(days=2))
    person = ParticipantFactory(event=event, attendance_mode=Participant.AttendanceMode.ONLINE)
    survey = _survey(client, person)
    assert "opens when the event starts" in client.get(survey).content.decode()
    client.post(survey, {"overall_rating": "5"})
    assert not Feedback.objects.exists()
    page = client.get(reverse("participants:manage")).content.decode()
    assert "answer-survey" not in page


def test_absentees_are_not_asked_and_online_participants_are(client, held_event):
    absent = ParticipantFactory(event=held_event)
    survey = _survey(client, absent)
    assert "for those who took part" in client.get(survey).content.decode()
    client.post(survey, {"overall_rating": "1"})
    assert not Feedback.objects.exists()
    online = ParticipantFactory(event=held_event, attendance_mode=Participant.AttendanceMode.ONLINE)
    client.cookies.clear()
    survey = _survey(client, online)
    assert "answer-survey" in client.get(reverse("participants:manage")).content.decode()
    client.post(survey, {"overall_rating": "3"})
    assert Feedback.objects.get().participant == online


def test_purge_keeps_the_ratings_and_forgets_what_people_wrote(held_event):
    person = attendee(held_event, 1)
    Feedback.objects.create(participant=person, overall_rating=4, comments="Thanks to Ms Dara")
    assert personal_data(person)["survey"][0]["comments"] == "Thanks to Ms Dara"
    purge_event(event=held_event, older_than_days=None, ran_by="test")
    answer = Feedback.objects.get()
    assert (answer.overall_rating, answer.comments, answer.to_improve) == (4, "", "")
