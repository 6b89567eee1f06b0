"""A participant's check-ins as organisers read them: who checked them in, who undid it, when."""

from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from wpsevents.events.models import LOCAL_TZ

from ..models import CheckIn, Participant


def checkin_history(participant: Participant) -> list[str]:
    """One line per check-in, undone ones included, in the order they were made."""
    checkins = participant.checkins.select_related("checked_in_by", "undone_by")
    return [_line(checkin) for checkin in checkins.order_by("checked_in_at", "pk")]


def _line(checkin: CheckIn) -> str:
    line = _("%(day)s: checked in at %(time)s by %(user)s") % {
        "day": checkin.get_day_display(),
        "time": _when(checkin.checked_in_at),
        "user": _who(checkin.checked_in_by),
    }
    if checkin.undone_at is None:
        return line
    undone = _("undone at %(time)s by %(user)s") % {
        "time": _when(checkin.undone_at),
        "user": _who(checkin.undone_by),
    }
    return f"{line}; {undone}"


def _when(moment) -> str:
    return f"{localtime(moment, LOCAL_TZ):%Y-%m-%d %H:%M}"


def _who(user) -> str:
    return user.get_username() if user is not None else "—"
