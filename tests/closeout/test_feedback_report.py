"""The survey in the report: by gender and organisation type, with no answer traceable."""

import csv
import html
import io
import re

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory, SessionFactory
from wpsevents.participants.models import Feedback, SessionRating

DASHBOARD = "/admin/reports/"


def _answer(event, rating, *, to_improve="", comments="", session=None, usefulness=None, **who):
    person = ParticipantFactory(event=event, **who)
    feedback = Feedback.objects.create(
        participant=person, overall_rating=rating, to_improve=to_improve, comments=comments
    )
    if session is not None:
        SessionRating.objects.create(feedback=feedback, session=session, usefulness=usefulness)
    return person


@pytest.fixture
def answers(held_event):
    """Six women from government, two men from civil society, one of another identity."""
    panel = SessionFactory(event=held_event, title="Panel on localisation")
    people = [
        _answer(held_event, rating, session=panel, usefulness=4, gender="woman")
        for rating in (5, 5, 4, 4, 3, 3)
    ]
    people.append(
        _answer(
            held_event,
            2,
            gender="man",
            organisation_type="civil_society",
            given_name="Vannak",
            organisation="Gender and Development for Cambodia",
            to_improve="More time for the working groups",
        )
    )
    people.append(
        _answer(held_event, 1, gender="man", organisation_type="civil_society", comments="Bad AC")
    )
    people.append(
        _answer(held_event, 5, gender="another", organisation_type="un", comments="Aaa, well done")
    )
    return people


def _rows(content: str, key: str) -> list[list[str]]:
    section = re.search(rf'<section[^>]*id="{key}".*?</section>', content, re.S).group(0)
    body = section.split("<tbody>")[1]
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def _csv(client, event, key) -> list[list[str]]:
    response = client.get(reverse("reports:download", args=[event.slug, key]))
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_ratings_by_gender_pool_the_groups_under_five(organiser_client, held_event, answers):
    page = organiser_client.get(f"{DASHBOARD}?event={held_event.slug}").content.decode()
    assert _rows(page, "feedback-gender") == [
        ["Woman", "6", "4.0", "67"],
        ["Smaller groups, together", "fewer than 5", "–", "–"],
        ["Total", "9", "3.6", "56"],
    ]
    assert _rows(page, "feedback-organisation-types") == [
        ["Government ministry or agency", "6", "4.0", "67"],
        ["Smaller groups, together", "fewer than 5", "–", "–"],
        ["Total", "9", "3.6", "56"],
    ]
    assert _rows(page, "feedback-sessions") == [["Panel on localisation", "6", "4.0"]]
    assert _csv(organiser_client, held_event, "feedback-gender")[1:] == _rows(
        page, "feedback-gender"
    )


def test_free_texts_are_sorted_and_carry_nothing_of_who_wrote_them(
    organiser_client, held_event, answers
):
    page = organiser_client.get(f"{DASHBOARD}?event={held_event.slug}").content.decode()
    assert _rows(page, "feedback-comments") == [
        ["What could we improve?", "More time for the working groups"],
        ["Anything else you would like to tell us?", "Aaa, well done"],
        ["Anything else you would like to tell us?", "Bad AC"],
    ]
    downloaded = "\n".join(
        ",".join(row)
        for key in ("feedback-gender", "feedback-organisation-types", "feedback-comments")
        for row in _csv(organiser_client, held_event, key)
    )
    for person in answers:
        for detail in (person.given_name, person.reference, person.email, person.organisation):
            assert detail not in downloaded
    assert "Vannak" not in page and "Gender and Development" not in page


def test_free_texts_wait_for_five_answers(organiser_client, held_event):
    for rating in (4, 5, 3, 2):
        _answer(held_event, rating, comments=f"Comment {rating}")
    page = organiser_client.get(f"{DASHBOARD}?event={held_event.slug}").content.decode()
    assert _rows(page, "feedback-comments") == [["Nothing yet."]]
    assert _rows(page, "feedback-gender") == [
        ["Smaller groups, together", "fewer than 5", "–", "–"],
        ["Total", "fewer than 5", "–", "–"],
    ]
    assert "Comment 4" not in page
