"""What the registration forms offer for an event: its days, attendance and working groups.

Shared by the public form, the private link's change form and a focal point's nomination
form, so that all three offer the same choices; the rules refuse anything else.
"""

import functools

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from wpsevents.events.models import Session

from ..models import Participant
from ..rules import group_day_refusal


def offer_days(form: forms.Form, event) -> None:
    """Ask which days only when there is a choice: a one-day event is the whole event."""
    if len(event.days()) < 2:
        del form.fields["days"]


def offer_attendance(field, event, current: str = "") -> None:
    """Offer online attendance only where the event does; say when its link will follow.

    A person already online keeps that choice when the organisers stop offering it.
    """
    if not event.offers_online_attendance and current != Participant.AttendanceMode.ONLINE:
        in_person = Participant.AttendanceMode.IN_PERSON
        field.choices = [(in_person.value, in_person.label)]
        field.initial = in_person.value
        field.help_text = _("This event is held in person only.")
    elif event.online_link_follows:
        field.help_text = _(
            "Online participants follow the livestream; its link will be sent before the event."
        )


def offers_working_groups(event) -> bool:
    """Whether the event has working groups to choose from."""
    # The groups kept with an event from the cache answer without a query.
    offered = getattr(event, "working_groups_offered", None)
    return bool(offered) if offered is not None else event.sessions.working_groups().exists()


@functools.lru_cache(maxsize=64)
def _working_groups_query(event_pk: int) -> QuerySet:
    """The event's working groups, as the form's drop-down lists them.

    Built once per event in each process: building it cost a form more than a twentieth of a
    registration's work. It is never run itself: the field runs its own copy (`.all()`).
    """
    return Session.objects.filter(event_id=event_pk).working_groups()


def offer_working_groups(form: forms.Form, event) -> bool:
    """The event's working groups in the form's drop-down, or no such field; whether offered."""
    if not offers_working_groups(event):
        del form.fields["working_group"]
        return False
    form.fields["working_group"].queryset = _working_groups_query(event.pk)
    form.fields["working_group"].empty_label = _("No preference")
    return True


def refuse_group_on_another_day(form: forms.Form, event, cleaned: dict) -> None:
    """Say at the group's field when it meets on a day not chosen; the rules refuse it too."""
    online = cleaned.get("attendance_mode") == Participant.AttendanceMode.ONLINE
    if online or "working_group" not in form.fields:
        return
    days = cleaned.get("days") or Participant.Days.BOTH  # no choice: the whole event
    refusal = group_day_refusal(event, cleaned.get("working_group"), days)
    if refusal is not None:
        form.add_error("working_group", refusal)
