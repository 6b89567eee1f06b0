"""What the admin tells people of sessions moved or cancelled, and tells the organiser of it."""

from contextlib import contextmanager

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wpsevents.khmer import LocalNumber

from . import session_changes
from .models import Session

# The box an organiser unticks (or the address's choice) to tell nobody of a session's change.
NOTIFY = "notify_people"


def tell_told(modeladmin, request, told: int) -> None:
    """Tell the organiser how many people were emailed a notice."""
    text = ngettext(
        "%(count)s person concerned was told of the change by email.",
        "%(count)s people concerned were told of the change by email.",
        told,
    )
    modeladmin.message_user(request, text % {"count": LocalNumber(told)})


def tell_cancelled(modeladmin, request, sessions, *, notify: bool) -> None:
    """Sessions about to be deleted: their people are told they are cancelled, if chosen."""
    if not notify:
        modeladmin.message_user(request, _("Nobody was told of the cancellation, as you chose."))
        return
    told = sum(session_changes.session_cancelled(session=session) for session in sessions)
    tell_told(modeladmin, request, told)


def notifies(request) -> bool:
    """Whether a session's deletion tells its people: unless the organiser chose otherwise."""
    return request.GET.get(NOTIFY) != "no"


@contextmanager
def tell_programme_changes(modeladmin, request, formset, *, notify: bool):
    """Around the save of an event's programme: tell the people of the sessions it deletes
    (before, while working groups still have their members) and of those it moves (after)."""
    doomed = [form.instance for form in formset.deleted_forms if form.instance.pk is not None]
    kept = [
        form.instance
        for form in formset.initial_forms
        if form not in formset.deleted_forms and form.instance.pk is not None
    ]
    before = Session.objects.in_bulk([session.pk for session in kept])
    told = 0
    if notify:
        told += sum(session_changes.session_cancelled(session=session) for session in doomed)
    yield
    moved = [
        (session, before[session.pk])
        for session in kept
        if session.pk in before and session_changes.has_moved(session, before[session.pk])
    ]
    if not (doomed or moved):
        return
    if not notify:
        nobody = _("Nobody was told of the sessions moved or deleted, as you chose.")
        modeladmin.message_user(request, nobody)
        return
    told += sum(session_changes.session_moved(session=s, before=b) for s, b in moved)
    tell_told(modeladmin, request, told)
