"""Whatever registrants and organisers do, in whatever order, the seats and the waitlist stay right.

A Hypothesis state machine drives the rules with random sequences of registrations (in person,
online, into a working group), cancellations, changes of working group, changes of the event's
and the groups' seats and of approval, approvals, declines, reinstatements, imports and
deletions, and a delegation's nominations, withdrawals, quota changes and release at its
deadline. After every step it checks what an organiser and the people waiting rely on:

- nobody takes a seat beyond the room's capacity or a working group's (a capacity lowered below
  the number confirmed un-confirms nobody, but then nobody more is confirmed);
- nobody but a nominee takes a seat the delegation's quota keeps, and nominees stay within it;
- nobody waits while a seat they could take is free, and nobody waits online;
- the waitlist keeps its order: those who stay keep their turn, newcomers join the end, and
  nobody is given a seat while someone ahead of them who could take it waits;
- every change of status queued exactly one email ("a place is yours" for a promotion).

`HYPOTHESIS_PROFILE=long` runs many more and longer sequences than the short run of the suite.
Each sequence runs in a savepoint rolled back at its end, so sequences share no rows.
"""

import itertools
import os

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    rule,
    run_state_machine_as_test,
)

from tests.factories import (
    DelegationFactory,
    EventFactory,
    SessionFactory,
    nominee_data,
    registration_data,
)
from wpsevents.events import seat_changes
from wpsevents.events.models import Session
from wpsevents.participants import rules
from wpsevents.participants.models import Delegation, OutgoingEmail, Participant

Status = Participant.Status
Kind = OutgoingEmail.Kind

settings.register_profile(
    "ci",
    max_examples=20,
    stateful_step_count=30,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    # A failure is shrunk to its shortest sequence, without the slow explanation of it.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)
settings.register_profile(
    "long",
    max_examples=400,
    stateful_step_count=60,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Few seats, fewer in the groups than in the room: people often wait, for either.
SEATS = st.sampled_from([3, 2, 1, 4, None, 0])
GROUP_SEATS = st.sampled_from([1, 0, 2, None])
MODES = st.sampled_from([Participant.AttendanceMode.IN_PERSON] * 3 + ["online"])
GROUPS = st.sampled_from([None, 0, 1])  # no group, or the first or second still there
PEOPLE = st.integers(min_value=0, max_value=99)  # someone registered, counted round
QUOTAS = st.sampled_from([1, 2, 0, 3])


class Snapshot:
    """What the invariants compare before and after a step."""

    def __init__(self, event):
        people = Participant.objects.filter(event=event).select_related("working_group")
        self.rows = {p.pk: p for p in people.order_by("waitlisted_at", "pk")}
        self.waiting = [pk for pk, p in self.rows.items() if p.status == Status.WAITLISTED]
        self.emails = {pk: [] for pk in self.rows}
        # A nominee's invitation letter goes to the delegation's focal point, not to the person;
        # the private link, sent again, tells of no change.
        links = [Kind.LINK, Kind.ALREADY_REGISTERED, Kind.LETTER]
        told = OutgoingEmail.objects.exclude(kind__in=links)
        sent = told.filter(participant__event=event)
        for pk, kind in sent.order_by("pk").values_list("participant_id", "kind"):
            self.emails[pk].append(kind)
        self.seated = {pk for pk, p in self.rows.items() if _holds_seat(p)}
        self.seated_in = {(pk, p.working_group_id) for pk, p in self.rows.items() if _holds_seat(p)}
        self.nominees = {pk for pk, p in self.rows.items() if p.delegation_id is not None}
        self.reserved = event.delegations.reserved_seats()


def _holds_seat(participant) -> bool:
    return participant.status == Status.CONFIRMED and participant.is_in_person


class SeatMachine(RuleBasedStateMachine):
    """An event, two working groups, and people coming and going through the rules."""

    def __init__(self):
        super().__init__()
        # One savepoint per sequence, rolled back at teardown: nothing leaks into the next.
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        self.emails = (f"person{n}@example.org" for n in itertools.count())
        self.quiet = set()  # added by an organiser without an invitation: told nothing

    def teardown(self):
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)

    @initialize(
        capacity=SEATS,
        approval=st.sampled_from([False, False, True]),
        group_seats=st.lists(GROUP_SEATS, min_size=2, max_size=2),
        crowd=st.lists(st.tuples(MODES, GROUPS), min_size=2, max_size=8),
        quota=QUOTAS,
    )
    def open_event(self, capacity, approval, group_seats, crowd, quota):
        self.event = EventFactory(capacity=capacity, requires_approval=approval)
        self.delegation = DelegationFactory(event=self.event, in_person_quota=quota, online_quota=1)
        for seats in group_seats:
            SessionFactory(event=self.event, kind=Session.Kind.WORKING_GROUP, capacity=seats)
        for mode, group in crowd:
            self.register(mode, group)

    def _group(self, index):
        groups = list(Session.objects.filter(event=self.event).order_by("pk"))
        return groups[index] if index is not None and index < len(groups) else None

    def _person(self, index, **filters):
        people = list(Participant.objects.filter(event=self.event, **filters).order_by("pk"))
        return people[index % len(people)] if people else None

    # Registrants

    @rule(mode=MODES, group=GROUPS)
    def register(self, mode, group):
        data = registration_data(email=next(self.emails), attendance_mode=mode)
        data["working_group"] = self._group(group)
        self._step(
            lambda: rules.register_participant(event=self.event, data=data, enforce_window=False)
        )

    @rule(group=GROUPS)
    def register_in_person(self, group):
        self.register(Participant.AttendanceMode.IN_PERSON, group)

    @rule(index=PEOPLE)
    def register_again(self, index):
        if person := self._person(index):
            data = registration_data(email=person.email)
            self._step(
                lambda: rules.register_participant(
                    event=self.event, data=data, enforce_window=False
                )
            )

    @rule(index=PEOPLE)
    def cancel(self, index):
        self._on(index, rules.cancel_registration)

    @rule(index=PEOPLE, group=GROUPS)
    def change_working_group(self, index, group):
        data = {"working_group": self._group(group)}
        self._on(index, rules.update_registration, data=data)

    @rule(index=PEOPLE, group=st.sampled_from([None, None, 0, 1]))
    def change_working_group_while_waiting(self, index, group):
        if person := self._person(index, status=Status.WAITLISTED):
            data = {"working_group": self._group(group)}
            self._step(lambda: rules.update_registration(participant=person, data=data))

    @rule(index=PEOPLE)
    def cancel_a_seat(self, index):
        if person := self._person(index, status=Status.CONFIRMED):
            self._step(lambda: rules.cancel_registration(participant=person))

    # Organisers

    @rule(mode=MODES, group=GROUPS, invite=st.booleans())
    def import_person(self, mode, group, invite):
        data = registration_data(email=next(self.emails), attendance_mode=mode)
        data["working_group"] = self._group(group)
        self._step(
            lambda: rules.add_participant_by_organiser(
                event=self.event,
                data=data,
                source=Participant.Source.IMPORTED,
                send_invitation=invite,
            ),
            quiet=data["email"] if not invite else None,
        )

    @rule(index=PEOPLE)
    def approve(self, index):
        self._on(index, rules.approve_participant)

    @rule(index=PEOPLE)
    def confirm(self, index):
        self._on(index, rules.confirm_participant)

    @rule(index=PEOPLE)
    def decline(self, index):
        self._on(index, rules.decline_participant)

    @rule(index=PEOPLE)
    def reinstate(self, index):
        self._on(index, rules.reinstate_participant)

    @rule(index=PEOPLE)
    def delete(self, index):
        self._on(index, rules.delete_registration)

    @rule(capacity=SEATS)
    def change_event_seats(self, capacity):
        self._step(lambda: self._save_event(capacity=capacity))

    @rule(approval=st.booleans())
    def change_approval(self, approval):
        self._step(lambda: self._save_event(requires_approval=approval))

    @rule(group=GROUPS, capacity=GROUP_SEATS)
    def change_group_seats(self, group, capacity):
        if group := self._group(group):
            self._step(lambda: self._save_group(group, capacity))

    @rule(group=GROUPS)
    def delete_working_group(self, group):
        if group := self._group(group):
            self._step(lambda: self._delete_group(group))

    # A delegation's focal point, and the deadline

    @rule(mode=MODES, group=GROUPS)
    def nominate(self, mode, group):
        data = nominee_data(attendance_mode=mode, working_group=self._group(group))
        self._step(lambda: rules.nominate_delegate(delegation=self.delegation, data=data))

    @rule(index=PEOPLE)
    def withdraw_nominee(self, index):
        if person := self._person(index, delegation__isnull=False):
            self._step(lambda: rules.withdraw_delegate(delegation=self.delegation, nominee=person))

    @rule(index=PEOPLE, group=GROUPS)
    def replace_nominee(self, index, group):
        if person := self._person(index, delegation__isnull=False):
            data = nominee_data(working_group=self._group(group))
            self._step(
                lambda: rules.replace_delegate(
                    delegation=self.delegation, nominee=person, data=data
                )
            )

    @rule(quota=QUOTAS)
    def change_quota(self, quota):
        def save():
            delegation = Delegation.objects.get(pk=self.delegation.pk)
            delegation.in_person_quota = quota
            return rules.save_delegation(delegation=delegation)

        self._step(save)

    @rule()
    def release_at_the_deadline(self):
        self._step(lambda: rules.release_quota(delegation=self.delegation))

    def _on(self, index, rule, **kwargs):
        if person := self._person(index):
            self._step(lambda: rule(participant=person, **kwargs))

    # How an organiser's change reaches the rules: as the admin makes it, in one transaction.

    @transaction.atomic
    def _save_event(self, **changes):
        for name, value in changes.items():
            setattr(self.event, name, value)
        self.event.save()
        return seat_changes.seats_changed(event=self.event)

    @transaction.atomic
    def _save_group(self, group, capacity):
        group.capacity = capacity
        group.save()
        return seat_changes.seats_changed(event=self.event)

    @transaction.atomic
    def _delete_group(self, group):
        change = seat_changes.working_group_removed(session=group)
        group.delete()
        return change

    # The invariants, checked after every step against the state before it.

    def _step(self, action, quiet=None):
        before = Snapshot(self.event)
        try:
            result = action()
        except ValidationError:
            result = None  # a refusal, which must change nothing: checked below like any step
        self.event.refresh_from_db()
        if quiet is not None:
            self.quiet.update(
                Participant.objects.filter(event=self.event, email=quiet).values_list(
                    "pk", flat=True
                )
            )
        after = Snapshot(self.event)
        self._check_capacities(before, after)
        self._check_nobody_waits_for_a_free_seat(after)
        self._check_waitlist_order(before, after)
        self._check_emails(before, after)
        return result

    def _check_capacities(self, before, after):
        capacity = self.event.capacity
        if capacity is not None:
            gained = after.seated - before.seated
            assert len(after.seated) <= max(capacity, len(before.seated))
            assert not gained or len(after.seated) <= capacity, "a seat beyond the capacity"
            if gained - after.nominees:
                assert len(after.seated) + after.reserved <= capacity, "a kept seat taken"
        # An organiser may reinstate a nominee withdrawn; the focal point stays within the quota.
        delegation = Delegation.objects.get(pk=self.delegation.pk)
        nominees_seated = after.seated & after.nominees
        assert not (nominees_seated - set(before.rows)) or (
            len(nominees_seated) <= delegation.in_person_quota
        ), "a nominee beyond the quota"
        for group in Session.objects.filter(event=self.event, capacity__isnull=False):
            now_in = {pk for pk, group_id in after.seated_in if group_id == group.pk}
            was_in = {pk for pk, group_id in before.seated_in if group_id == group.pk}
            assert len(now_in) <= max(group.capacity, len(was_in))
            assert not (now_in - was_in) or len(now_in) <= group.capacity, group.title

    def _check_nobody_waits_for_a_free_seat(self, after):
        for pk in after.waiting:
            person = after.rows[pk]
            assert person.is_in_person, "someone online waits"
            shortage = Participant.objects.seat_shortage(self.event, person.working_group)
            assert shortage is not None, f"{person} waits while a seat is free for them"

    def _check_waitlist_order(self, before, after):
        stayed = [pk for pk in before.waiting if pk in set(after.waiting)]
        assert after.waiting[: len(stayed)] == stayed, "the waitlist changed its order"
        gainers = after.seated - before.seated - after.nominees  # nominees take kept seats
        for gainer in gainers:
            ahead = stayed
            if gainer in before.waiting:
                position = before.waiting.index(gainer)
                ahead = [pk for pk in stayed if before.waiting.index(pk) < position]
            for pk in ahead:
                assert self._group_full(after.rows[pk].working_group), (
                    f"{after.rows[gainer]} was given a seat before {after.rows[pk]}"
                )

    def _group_full(self, group) -> bool:
        if group is None or group.capacity is None:
            return False
        holding = Participant.objects.filter(event=self.event).holding_seats()
        return holding.filter(working_group=group).count() >= group.capacity

    def _check_emails(self, before, after):
        for pk, person in after.rows.items():
            earlier = before.rows.get(pk)
            new_emails = after.emails[pk][len(before.emails.get(pk, [])) :]
            if earlier is None:
                expected = 0 if pk in self.quiet else 1
            else:
                expected = int(earlier.status != person.status)
            assert len(new_emails) == expected, (
                f"{person}: {earlier and earlier.status} → {person.status}, emails {new_emails}"
            )
            if earlier and earlier.status == Status.WAITLISTED and _holds_seat(person):
                assert new_emails == [Kind.PROMOTED]


@pytest.mark.django_db
def test_seats_and_waitlist_stay_right_whatever_happens():
    profile = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
    run_state_machine_as_test(SeatMachine, settings=profile)
