"""A working group meets on one day: only people coming that day may take one of its seats.

Refused on the form, at the group's field, in the visitor's language; refused by the rules for
any other way in (the private link, the admin, a delegation's nominee).
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import DelegationFactory, SessionFactory, nominee_data, registration_data
from tests.participants.helpers import form_post
from wpsevents.events.models import Session
from wpsevents.khmer import khmer_digits
from wpsevents.participants import rules
from wpsevents.participants.models import Participant
from wpsevents.participants.tokens import issue_private_link

Days = Participant.Days


@pytest.fixture
def day_2_group(event):
    """A working group of the event's second day, with few seats."""
    return SessionFactory(
        event=event,
        title_en="Group A",
        title_km="ក្រុម ក",
        kind=Session.Kind.WORKING_GROUP,
        capacity=2,
        starts_at=event.starts_at + timedelta(days=1, hours=2),
    )


def test_a_registrant_in_khmer_is_told_the_group_meets_on_a_day_not_chosen(
    client, event, day_2_group
):
    url = reverse("participants:register", kwargs={"slug": event.slug})
    url = "/km" + url if not url.startswith("/km/") else url
    form = form_post(days=Days.DAY_1, working_group=day_2_group.pk)
    response = client.post(url, form)
    page = response.content.decode()
    assert response.status_code == 200
    error = page.split('id="id_working_group_error"')[1][:600]
    assert "ក្រុមការងារ «ក្រុម ក» ប្រជុំនៅ" in error
    assert khmer_digits(str(day_2_group.local_day.day)) in error
    assert not Participant.objects.exists()
    accepted = client.post(url, {**form, "days": Days.BOTH})
    assert accepted.status_code == 302
    assert Participant.objects.get().working_group == day_2_group


def test_giving_up_the_groups_day_on_the_private_link_is_refused_and_keeps_the_seat(
    client, event, day_2_group
):
    data = registration_data(working_group=day_2_group)
    person = rules.register_participant(event=event, data=data).participant
    client.get(reverse("participants:manage", kwargs={"token": issue_private_link(person)}))
    page = client.get("/r/change/").content.decode()
    assert 'name="days"' in page
    change = form_post(days=Days.DAY_1, working_group=day_2_group.pk)
    response = client.post("/r/change/", change)
    assert response.status_code == 200
    assert "meets on" in response.content.decode()
    person.refresh_from_db()
    assert (person.days, person.working_group) == (Days.BOTH, day_2_group)


@pytest.mark.parametrize("way_in", ["public", "organiser", "nominee"])
def test_every_way_in_refuses_a_group_on_a_day_not_attended(event, day_2_group, way_in):
    data = {"days": Days.DAY_1, "working_group": day_2_group}
    with pytest.raises(ValidationError) as refused:
        if way_in == "public":
            rules.register_participant(event=event, data=registration_data(**data))
        elif way_in == "organiser":
            rules.add_participant_by_organiser(event=event, data=registration_data(**data))
        else:
            delegation = DelegationFactory(event=event, in_person_quota=2)
            rules.nominate_delegate(delegation=delegation, data=nominee_data(**data))
    assert refused.value.code == "group_on_another_day"
    assert not Participant.objects.filter(working_group=day_2_group).exists()


def test_online_people_and_those_coming_that_day_keep_their_choice(event, day_2_group):
    online = registration_data(
        email="online@example.org",
        days=Days.DAY_1,
        attendance_mode=Participant.AttendanceMode.ONLINE,
    )
    assert rules.register_participant(event=event, data=online).participant
    day_2 = registration_data(days=Days.DAY_2, working_group=day_2_group)
    person = rules.register_participant(event=event, data=day_2).participant
    assert person.working_group == day_2_group
    assert person.status == Participant.Status.CONFIRMED


@pytest.fixture
def one_day_event(event):
    event.ends_at = event.starts_at + timedelta(hours=8)
    event.save()
    return event


def test_a_one_day_event_asks_no_days_and_registers_for_the_whole_event(client, one_day_event):
    url = reverse("participants:register", kwargs={"slug": one_day_event.slug})
    page = client.get(url).content.decode()
    assert 'name="days"' not in page and "Day 2 only" not in page
    response = client.post(url, form_post(days=None))
    assert response.status_code == 302
    person = Participant.objects.get()
    assert person.days == Days.BOTH
    client.get(reverse("participants:manage", kwargs={"token": issue_private_link(person)}))
    assert 'name="days"' not in client.get("/r/change/").content.decode()


def test_day_2_of_a_one_day_event_is_refused_however_it_is_sent(client, one_day_event):
    with pytest.raises(ValidationError) as refused:
        rules.register_participant(event=one_day_event, data=registration_data(days=Days.DAY_2))
    assert refused.value.code == "no_such_day"
    url = reverse("participants:register", kwargs={"slug": one_day_event.slug})
    client.post(url, form_post(days=Days.DAY_2))  # a field the page never showed: ignored
    assert Participant.objects.get().days == Days.BOTH
