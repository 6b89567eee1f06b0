"""A registration as its registrant reads it: on the confirmation page, private link, emails.

What the person chose (their days, in person or online, their working group) and, online, how
to follow; the templates say it in the active language.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from wpsevents.khmer import local_digits, weekday_date

from .models import Participant, days_attended


@dataclass(frozen=True)
class RegistrationSummary:
    """A person's days, way of taking part and working group, and how they follow online."""

    days: tuple[tuple[int, date], ...]
    several_days: bool
    attendance_mode: str
    working_group: str = ""
    waits_for_group: bool = False
    livestream_url: str = ""
    is_active: bool = True

    @classmethod
    def of(cls, participant: Participant) -> "RegistrationSummary":
        """The summary of a saved registration."""
        event = participant.event
        group = participant.working_group
        return cls(
            days=tuple(days_attended(event, participant.days)),
            several_days=len(event.days()) > 1,
            attendance_mode=participant.attendance_mode,
            working_group=group.title if group is not None else "",
            waits_for_group=participant.waits_for_group(),
            livestream_url=event.livestream_url,
            is_active=participant.is_active,
        )

    @classmethod
    def submitted(cls, event, *, days: str, mode: str, group: str, waits_for_group: bool):
        """The summary of what a visitor just submitted, whether their address was new or not."""
        return cls(
            days=tuple(days_attended(event, days)) if days else (),
            several_days=len(event.days()) > 1,
            attendance_mode=mode,
            working_group=group,
            waits_for_group=waits_for_group,
            livestream_url=event.livestream_url,
        )

    @property
    def is_online(self) -> bool:
        """Whether the person follows the event online."""
        return self.attendance_mode == Participant.AttendanceMode.ONLINE

    @property
    def follows_online(self) -> bool:
        """Whether to tell the person how to follow online: online, and still registered."""
        return self.is_online and self.is_active

    @property
    def attendance(self) -> str:
        """In person or online, in the active language."""
        return str(Participant.AttendanceMode(self.attendance_mode).label)

    @property
    def day_labels(self) -> list[str]:
        """Each of the person's days as it reads in the active language.

        "Day 2, Friday 15 December 2023"; an event of one day needs no number.
        """
        labels = []
        for number, day in self.days:
            when = weekday_date(day)
            if self.several_days:
                when = _("Day %(number)s, %(date)s") % {
                    "number": local_digits(number),
                    "date": when,
                }
            labels.append(when)
        return labels
