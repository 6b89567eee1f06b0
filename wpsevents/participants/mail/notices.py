"""The words of a programme change notice, written when the change is saved.

A cancelled session is gone by the time the worker sends its notice, and a moved one may have
moved again: so the notice says, in the person's language, what the change was when it was
made, and the email carries the calendar as it is when it leaves.
"""

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wpsevents.events.models import LOCAL_TZ


def session_notice(session, *, before=None, language: str) -> str:
    """What a notice says of a session, in `language`: moved from `before`, or cancelled.

    Without `before` the session is cancelled.
    """
    with translation.override(language):
        if before is None:
            text = _("The session “%(title)s” (%(when)s) has been cancelled.")
            return text % {"title": session.title, "when": _when_and_where(session)}
        text = _("The session “%(title)s” has changed.\nBefore: %(before)s.\nNow: %(now)s.")
        return text % {
            "title": session.title,
            "before": _when_and_where(before),
            "now": _when_and_where(session),
        }


def _when_and_where(session) -> str:
    """Its day, times (Phnom Penh) and room, as the active language writes them."""
    starts = timezone.localtime(session.starts_at, LOCAL_TZ)
    ends = timezone.localtime(session.ends_at, LOCAL_TZ)
    when = f"{date_format(starts, 'DATE_FORMAT')}, {starts:%H:%M}–{ends:%H:%M}"
    return f"{when}, {session.room}" if session.room else when
