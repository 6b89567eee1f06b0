"""A participant's working group is always one of their own event's working groups."""

import html
import re
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from tests.events.html import form_data
from tests.factories import EventFactory, ParticipantFactory, SessionFactory
from wpsevents.events.models import Session
from wpsevents.participants.models import Participant

pytestmark = pytest.mark.django_db

ADD = reverse("admin:participants_participant_add")
WRONG = "This is not one of the event&#x27;s working groups."
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers are PostgreSQL's"
)


@pytest.fixture
def groups(event):
    """The event's two working groups and its lunch break; another event's working group."""
    other_event = EventFactory(title="Next year's workshop")
    return {
        "a": SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, title="Group A"),
        "b": SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, title="Group B"),
        "lunch": SessionFactory(event=event, kind=Session.Kind.BREAK, title="Lunch break"),
        "other": SessionFactory(
            event=other_event, kind=Session.Kind.WORKING_GROUP, title="Group of next year"
        ),
    }


def _change_url(participant) -> str:
    return reverse("admin:participants_participant_change", args=[participant.pk])


def _options(page: str, name: str) -> list[str]:
    """The labels of the choices a select offers."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [html.unescape(label).strip() for label in re.findall(r">([^<]*)</option>", select)]


def _post(client, url: str, data: list[tuple[str, str]], **changes):
    """Post the form as the page gave it, with some fields changed, as a forged request would."""
    sent = [(name, value) for name, value in data if name not in changes]
    sent += [(name, str(value)) for name, value in changes.items()]
    sent.append(("_save", "Save"))
    return client.post(url, urlencode(sent), content_type="application/x-www-form-urlencoded")


def test_admin_change_form_offers_only_the_events_working_groups(
    organiser_client, participant, groups
):
    page = organiser_client.get(_change_url(participant)).content.decode()
    offered = _options(page, "working_group")
    assert [label.split(" · ")[-1] for label in offered[1:]] == ["Group A", "Group B"]
    assert not any("Lunch break" in label or "next year" in label for label in offered)


@pytest.mark.parametrize("forged", ["other", "lunch"])
def test_admin_change_refuses_a_forged_working_group_and_saves_nothing(
    organiser_client, participant, groups, forged
):
    url = _change_url(participant)
    data = form_data(organiser_client.get(url).content.decode(), "participant_form")
    response = _post(
        organiser_client, url, data, working_group=groups[forged].pk, organisation="New name"
    )
    assert response.status_code == 200  # the form again, with the error on the field
    assert WRONG in response.content.decode()
    assert "was changed successfully" not in response.content.decode()
    participant.refresh_from_db()
    assert participant.working_group is None and participant.organisation != "New name"


def test_admin_change_moves_a_person_to_another_of_the_events_groups(
    organiser_client, participant, groups
):
    url = _change_url(participant)
    data = form_data(organiser_client.get(url).content.decode(), "participant_form")
    response = _post(organiser_client, url, data, working_group=groups["b"].pk)
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.working_group == groups["b"]


def test_admin_add_offers_the_proposed_events_groups_and_refuses_another_events(
    organiser_client, event, groups
):
    page = organiser_client.get(ADD).content.decode()
    assert [label.split(" · ")[-1] for label in _options(page, "working_group")[1:]] == [
        "Group A",
        "Group B",
    ]
    data = form_data(page, "participant_form")
    response = _post(
        organiser_client,
        ADD,
        data,
        given_name="Bopha",
        email="bopha@example.org",
        organisation="Women's Network",
        organisation_type="civil_society",
        gender="woman",
        consents_to_data_processing="on",
        working_group=groups["other"].pk,
    )
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert not Participant.objects.filter(email="bopha@example.org").exists()


def test_admin_add_for_another_event_offers_that_events_groups(organiser_client, groups):
    other_event = groups["other"].event
    page = organiser_client.get(ADD, {"event": other_event.pk}).content.decode()
    assert [label.split(" · ")[-1] for label in _options(page, "working_group")[1:]] == [
        "Group of next year"
    ]


def test_model_validation_names_the_working_group_of_another_event(participant, groups):
    participant.working_group = groups["other"]
    with pytest.raises(ValidationError) as refused:
        participant.full_clean()
    assert "working_group" in refused.value.message_dict
    assert refused.value.error_dict["working_group"][0].code == "working_group_of_another_event"


@postgresql_only
@pytest.mark.parametrize("forged", ["other", "lunch"])
def test_database_refuses_a_working_group_that_is_not_the_events(participant, groups, forged):
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(pk=participant.pk).update(working_group=groups[forged])
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(event=participant.event, working_group=groups[forged])
    participant.refresh_from_db()
    assert participant.working_group is None


@postgresql_only
def test_database_keeps_a_chosen_group_a_working_group_of_its_event(participant, groups):
    Participant.objects.filter(pk=participant.pk).update(working_group=groups["a"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=groups["a"].pk).update(kind=Session.Kind.PLENARY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=groups["a"].pk).update(event=groups["other"].event)
    Session.objects.filter(pk=groups["b"].pk).update(kind=Session.Kind.PLENARY)  # nobody in it
    assert Session.objects.get(pk=groups["b"].pk).kind == Session.Kind.PLENARY


def test_session_admin_refuses_to_change_the_kind_of_a_chosen_group(
    organiser_client, participant, groups
):
    Participant.objects.filter(pk=participant.pk).update(working_group=groups["a"])
    url = reverse("admin:events_session_change", args=[groups["a"].pk])
    data = form_data(organiser_client.get(url).content.decode(), "session_form")
    response = _post(organiser_client, url, data, kind=Session.Kind.PLENARY)
    assert response.status_code == 200
    assert "People chose this working group." in response.content.decode()
    assert Session.objects.get(pk=groups["a"].pk).kind == Session.Kind.WORKING_GROUP
