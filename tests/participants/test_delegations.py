"""Delegations' quotas: seats kept for nominees, given back on withdrawal, released at deadline."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections

from tests.factories import (
    DelegationFactory,
    EventFactory,
    ParticipantFactory,
    SessionFactory,
    nominee_data,
    registration_data,
)
from wpsevents.events.models import Event, Session
from wpsevents.participants import rules
from wpsevents.participants.models import Delegation, OutgoingEmail, Participant
from wpsevents.participants.rules.delegations import (
    nominate_delegate,
    release_due_quotas,
    replace_delegate,
    withdraw_delegate,
)

pytestmark = pytest.mark.django_db
Status = Participant.Status
Kind = OutgoingEmail.Kind


def nominate(delegation, name, **overrides):
    return nominate_delegate(delegation=delegation, data=nominee_data(given_name=name, **overrides))


def public(event, email):
    return rules.register_participant(event=event, data=registration_data(email=email))


def seats_taken(event) -> int:
    return Event.objects.with_seats_taken().get(pk=event.pk).seats_taken


def test_nominees_from_one_address_are_confirmed_until_the_quota_is_used():
    delegation = DelegationFactory(in_person_quota=3, event=EventFactory(capacity=10))
    nominees = [nominate(delegation, name) for name in ("Dara", "Bopha", "Chenda")]
    assert [n.status for n in nominees] == [Status.CONFIRMED] * 3
    assert {n.email for n in nominees} == {"focal@mowa.example"}
    assert len({n.reference for n in nominees}) == 3
    with pytest.raises(ValidationError) as refused:
        nominate(delegation, "Kanha")
    assert refused.value.code == "quota_used"
    assert "all 3 seats have a nominee" in refused.value.messages[0]
    assert delegation.nominees.count() == 3


def test_each_nominee_is_sent_their_own_confirmation_and_their_letter_goes_to_the_focal_point():
    delegation = DelegationFactory()
    dara, bopha = nominate(delegation, "Dara"), nominate(delegation, "Bopha")
    for nominee in (dara, bopha):
        emails = nominee.emails.order_by("pk").values_list("kind", "recipient")
        assert list(emails) == [
            (Kind.CONFIRMATION, nominee.email),
            (Kind.LETTER, delegation.focal_point_email),
        ]
    assert dara.organisation == "Ministry of Women's Affairs"
    assert dara.source == Participant.Source.DELEGATION


def test_one_address_still_registers_once_on_the_public_form():
    event = EventFactory(capacity=10)
    public(event, "sokha@example.org")
    with pytest.raises(IntegrityError):
        ParticipantFactory(event=event, email="SOKHA@example.org")


def test_the_focal_point_registers_as_themselves_and_a_second_time_is_told_so():
    delegation = DelegationFactory(in_person_quota=2, event=EventFactory(capacity=10))
    dara = nominate(delegation, "Dara")
    assert dara.email == delegation.focal_point_email
    first = public(delegation.event, delegation.focal_point_email.upper())
    again = public(delegation.event, delegation.focal_point_email)
    assert first.participant is not None and first.participant.delegation is None
    assert again.participant is None
    own = Participant.objects.get(pk=first.participant.pk)
    assert list(own.emails.values_list("kind", flat=True).order_by("pk")) == [
        Kind.CONFIRMATION,
        Kind.ALREADY_REGISTERED,
    ]
    assert not dara.emails.filter(kind=Kind.ALREADY_REGISTERED).exists()


def test_the_quota_is_kept_out_of_the_seats_everyone_else_sees():
    event = EventFactory(capacity=5)
    DelegationFactory(event=event, in_person_quota=3)
    assert seats_taken(event) == 3
    assert public(event, "a@example.org").status == Status.CONFIRMED
    assert public(event, "b@example.org").status == Status.CONFIRMED
    assert public(event, "c@example.org").status == Status.WAITLISTED
    assert seats_taken(event) == 5


def test_a_nominee_takes_a_kept_seat_while_the_public_waits():
    event = EventFactory(capacity=3)
    delegation = DelegationFactory(event=event, in_person_quota=2)
    public(event, "a@example.org")
    assert public(event, "b@example.org").status == Status.WAITLISTED
    assert nominate(delegation, "Dara").status == Status.CONFIRMED
    assert nominate(delegation, "Bopha").status == Status.CONFIRMED
    assert seats_taken(event) == 3


def test_withdrawing_gives_the_seat_back_to_the_delegation_not_the_waitlist():
    event = EventFactory(capacity=2)
    delegation = DelegationFactory(event=event, in_person_quota=1)
    public(event, "a@example.org")
    waiting = public(event, "b@example.org").participant
    dara = nominate(delegation, "Dara")
    withdraw_delegate(delegation=delegation, nominee=dara)
    assert Participant.objects.get(pk=dara.pk).status == Status.CANCELLED
    assert Participant.objects.get(pk=waiting.pk).status == Status.WAITLISTED
    assert nominate(delegation, "Bopha").status == Status.CONFIRMED


def test_a_withdrawn_nominee_comes_back_only_within_the_delegation_quota():
    event = EventFactory(capacity=4)
    delegation = DelegationFactory(event=event, in_person_quota=1)
    dara = nominate(delegation, "Dara")
    withdraw_delegate(delegation=delegation, nominee=dara)
    bopha = nominate(delegation, "Bopha")
    with pytest.raises(ValidationError) as refused:
        rules.reinstate_participant(participant=dara)
    assert refused.value.code == "quota_used"
    assert Participant.objects.get(pk=dara.pk).status == Status.CANCELLED
    assert seats_taken(event) == 1
    withdraw_delegate(delegation=delegation, nominee=bopha)
    assert rules.reinstate_participant(participant=dara).status == Status.CONFIRMED
    assert seats_taken(event) == 1


def test_a_reinstated_nominee_takes_the_seat_the_delegation_keeps_in_a_full_room():
    event = EventFactory(capacity=2)
    delegation = DelegationFactory(event=event, in_person_quota=1)
    dara = nominate(delegation, "Dara")
    withdraw_delegate(delegation=delegation, nominee=dara)
    public(event, "a@example.org")
    waiting = public(event, "b@example.org").participant
    assert Participant.objects.get(pk=waiting.pk).status == Status.WAITLISTED
    assert rules.reinstate_participant(participant=dara).status == Status.CONFIRMED
    assert Participant.objects.get(pk=waiting.pk).status == Status.WAITLISTED
    assert seats_taken(event) == 2


def test_replacing_a_nominee_gives_their_seat_to_the_newcomer_and_tells_both():
    event = EventFactory(capacity=2)
    delegation = DelegationFactory(event=event, in_person_quota=1)
    public(event, "a@example.org")
    public(event, "b@example.org")
    dara = nominate(delegation, "Dara")
    bopha = replace_delegate(
        delegation=delegation, nominee=dara, data=nominee_data(given_name="Bopha")
    )
    assert bopha.status == Status.CONFIRMED
    dara.refresh_from_db()
    assert dara.status == Status.CANCELLED
    assert dara.emails.filter(kind=Kind.CANCELLED).exists()
    assert bopha.emails.filter(kind=Kind.CONFIRMATION).exists()


def test_nothing_is_nominated_or_replaced_after_the_deadline():
    delegation = DelegationFactory()
    dara = nominate(delegation, "Dara")
    with time_machine.travel(delegation.nomination_deadline + timedelta(minutes=1)):
        with pytest.raises(ValidationError) as late:
            nominate(delegation, "Bopha")
        assert late.value.code == "deadline_passed"
        with pytest.raises(ValidationError):
            replace_delegate(delegation=delegation, nominee=dara, data=nominee_data())


def test_a_nominee_of_another_delegation_cannot_be_withdrawn():
    event = EventFactory()
    ours, theirs = DelegationFactory(event=event), DelegationFactory(event=event)
    dara = nominate(theirs, "Dara")
    with pytest.raises(ValidationError) as refused:
        withdraw_delegate(delegation=ours, nominee=dara)
    assert refused.value.code == "not_a_nominee"


def test_online_nominees_use_the_online_quota():
    delegation = DelegationFactory(in_person_quota=0, online_quota=1)
    assert nominate(delegation, "Dara", attendance_mode="online").status == Status.CONFIRMED
    with pytest.raises(ValidationError) as refused:
        nominate(delegation, "Bopha", attendance_mode="online")
    assert refused.value.code == "quota_used"
    with pytest.raises(ValidationError) as no_seats:
        nominate(delegation, "Chenda")
    assert "no in-person seats" in no_seats.value.messages[0]


def test_a_full_working_group_refuses_a_nominee():
    event = EventFactory(capacity=10)
    group = SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, capacity=1)
    delegation = DelegationFactory(event=event)
    nominate(delegation, "Dara", working_group=group)
    with pytest.raises(ValidationError) as refused:
        nominate(delegation, "Bopha", working_group=group)
    assert refused.value.code == "no_group_seat"


def test_a_nominee_switching_online_to_in_person_stays_within_the_quota():
    delegation = DelegationFactory(in_person_quota=1, online_quota=1)
    nominate(delegation, "Dara")
    bopha = nominate(delegation, "Bopha", attendance_mode="online")
    with pytest.raises(ValidationError) as refused:
        rules.update_registration(participant=bopha, data={"attendance_mode": "in_person"})
    assert refused.value.code == "quota_used"


def test_at_the_deadline_unused_seats_go_to_the_waitlist_in_order_once():
    event = EventFactory(capacity=4)
    delegation = DelegationFactory(event=event, in_person_quota=3)
    nominate(delegation, "Dara")
    public(event, "a@example.org")
    first = public(event, "first@example.org").participant
    second = public(event, "second@example.org").participant
    third = public(event, "third@example.org").participant
    assert {first.status, second.status, third.status} == {Status.WAITLISTED}
    assert release_due_quotas() == 0  # before the deadline nothing moves
    with time_machine.travel(delegation.nomination_deadline + timedelta(seconds=1)):
        assert release_due_quotas() == 2
        assert release_due_quotas() == 0
    statuses = [Participant.objects.get(pk=p.pk).status for p in (first, second, third)]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]
    assert Delegation.objects.get(pk=delegation.pk).quota_released_at is not None
    assert OutgoingEmail.objects.filter(kind=Kind.PROMOTED).count() == 2
    assert seats_taken(event) == 4


def test_the_release_command_releases_due_quotas(capsys):
    from django.core.management import call_command

    event = EventFactory(capacity=1)
    delegation = DelegationFactory(event=event, in_person_quota=1)
    waiting = public(event, "a@example.org").participant
    with time_machine.travel(delegation.nomination_deadline + timedelta(seconds=1)):
        call_command("release_delegation_quotas")
    assert "1 person" in capsys.readouterr().out
    assert Participant.objects.get(pk=waiting.pk).status == Status.CONFIRMED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_nominations_racing_for_the_last_quota_seat_give_it_to_exactly_one():
    event = EventFactory(capacity=10)
    delegation = DelegationFactory(event=event, in_person_quota=2)
    nominate(delegation, "Dara")
    barrier = threading.Barrier(2)
    outcomes = []

    def race(name):
        try:
            barrier.wait()
            nominate(delegation, name)
            outcomes.append("confirmed")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=race, args=(name,)) for name in ("Bopha", "Chenda")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["confirmed", "quota_used"]
    assert delegation.nominees.filter(status=Status.CONFIRMED).count() == 2


def test_purging_an_event_forgets_its_focal_points():
    from wpsevents.participants.privacy import purge_event

    delegation = DelegationFactory()
    rules.send_delegation_link(delegation=delegation)
    nominate(delegation, "Dara")
    with time_machine.travel(delegation.event.ends_at + timedelta(days=1)):
        purge_event(event=delegation.event, older_than_days=None, ran_by="test")
    delegation.refresh_from_db()
    assert delegation.focal_point_name == ""
    assert delegation.focal_point_email.endswith("@anonymised.invalid")
    assert not delegation.has_link
    assert not OutgoingEmail.objects.filter(delegation=delegation).exists()
    assert delegation.name == "Ministry of Women's Affairs"


def test_asking_for_the_link_again_sends_each_delegate_at_one_address_their_own():
    delegation = DelegationFactory()
    dara, bopha = nominate(delegation, "Dara"), nominate(delegation, "Bopha")
    rules.send_private_link(event=delegation.event, email="FOCAL@mowa.example")
    for nominee in (dara, bopha):
        assert nominee.emails.filter(kind=Kind.LINK).count() == 1
