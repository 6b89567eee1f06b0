"""The event's lock, which every rule takes before it counts seats or writes a status."""

import functools

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import gettext_lazy as _

from wpsevents.events.models import Event
from wpsevents.locks import read_row_shared

from ..models import Participant

ATTEMPTS = 3


class EventBusy(Exception):
    """The event's lock could not be had in time; the visitor should simply try again."""


def lock_event(event: Event) -> Event:
    """Lock the event's row for this transaction and read it afresh.

    Whatever counts seats or changes a status holds this lock until its transaction ends, so
    that concurrent requests on any number of app servers never give away more seats than there
    are. Raise EventBusy when the lock is not had within the database's lock timeout.
    """
    try:
        return Event.objects.select_for_update().get(pk=event.pk)
    except OperationalError as error:
        raise EventBusy from error


def share_event(event: Event) -> Event:
    """Lock the event's row shared for this transaction and read it afresh.

    For a rule that adds a registration taking no seat (online, waiting, awaiting approval):
    the seats it counts cannot change until it ends, since whatever takes or frees a seat locks
    the row alone (`lock_event`), yet any number of such rules run side by side. Raise
    EventBusy as `lock_event` does.
    """
    try:
        return read_row_shared(Event, event.pk)
    except OperationalError as error:
        raise EventBusy from error


def lock_registration(participant: Participant) -> tuple[Event, Participant]:
    """Lock a registration's event, then read the registration again under that lock."""
    event = lock_event(participant.event)
    return event, Participant.objects.select_related("working_group").get(pk=participant.pk)


def atomic_with_retry(rule):
    """Run a rule in a transaction of its own, and again when an insert clashes.

    A clash means a row saved meanwhile: a reference drawn twice. The rule then runs again
    from the start and draws another.
    """

    @functools.wraps(rule)
    def run(*args, **kwargs):
        for _attempt in range(ATTEMPTS):
            try:
                with transaction.atomic():
                    return rule(*args, **kwargs)
            except IntegrityError:
                continue
        raise could_not_save()

    return run


def could_not_save() -> ValidationError:
    """The error of a rule whose insert clashed on every attempt."""
    return ValidationError(_("This registration could not be saved."), code="conflict")
