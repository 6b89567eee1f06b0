"""The dashboard's tables: the same rows are shown on the page and downloaded as CSV."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country

from wpsevents.events.models import Event, Session
from wpsevents.participants.models import CheckIn, Participant

from . import stats

GENDERS = Participant.Gender


@dataclass
class Table:
    """A titled table with a header row; `key` names its CSV download."""

    key: str
    title: str
    headers: list
    rows: list[list] = field(default_factory=list)
    note: str = ""
    groups: list[tuple[str, int]] = field(default_factory=list)  # column groups: label, span

    def flat_headers(self) -> list[str]:
        """Headers that carry their group's name too ("Day 1: Checked in"), for CSV."""
        labels = [str(label) for label, span in self.groups for _i in range(span)]
        labels += [""] * (len(self.headers) - len(labels))
        return [
            f"{group}: {header}" if group else str(header)
            for group, header in zip(labels, self.headers, strict=True)
        ]


def overview(event: Event, counts: dict) -> Table:
    """Registrations against capacity, and where each registration stands."""
    taken = counts["confirmed_in_person"]
    rows = [
        [_("In-person seats"), event.capacity if event.capacity is not None else _("unlimited")],
        [_("Seats taken (confirmed, in person)"), taken],
        [_("Seats left"), max(event.capacity - taken, 0) if event.capacity is not None else "–"],
        [_("Confirmed online"), counts["confirmed_online"]],
        [_("Waitlist"), counts[Participant.Status.WAITLISTED]],
        [_("Pending approval"), counts[Participant.Status.PENDING]],
        [_("Cancelled"), counts[Participant.Status.CANCELLED]],
        [_("Declined"), counts[Participant.Status.DECLINED]],
        [_("All registrations"), counts["total"]],
    ]
    return Table("overview", _("Registrations"), [_("Measure"), _("Number")], rows)


def timeline(by_date: list) -> Table:
    """New registrations per day and the running total."""
    rows, total = [], 0
    for day, count in by_date:
        total += count
        rows.append([day.isoformat(), count, total])
    headers = [_("Date"), _("New registrations"), _("Running total")]
    note = _("Every registration on the day it was made, whatever its status now.")
    return Table("timeline", _("Registrations over time"), headers, rows, note)


def by_gender(groups: list[stats.Group]) -> Table:
    """Confirmed participants by gender: registered, in person or online, checked in."""
    sums = defaultdict(lambda: [0] * 6)
    for group in groups:
        row = sums[group.gender]
        online = group.attendance_mode == Participant.AttendanceMode.ONLINE
        values = [
            group.registered,
            0 if online else group.registered,
            group.registered if online else 0,
            group.checked_in,
            group.checked_in_day[1],
            group.checked_in_day[2],
        ]
        sums[group.gender] = [a + b for a, b in zip(row, values, strict=True)]
    headers = [
        _("Gender"),
        _("Registered"),
        _("In person"),
        _("Online"),
        _("Checked in (either day)"),
        _("Checked in day 1"),
        _("Checked in day 2"),
    ]
    note = _("Registered: confirmed registrations. Checked in: arrived at the door.")
    return _with_total(Table("gender", _("Participation by gender"), headers, note=note), sums)


def by_day(groups: list[stats.Group]) -> Table:
    """Per day and gender: registered in person, registered online, checked in."""
    sums = defaultdict(lambda: [0] * 6)
    for group in groups:
        online = group.attendance_mode == Participant.AttendanceMode.ONLINE
        for index, day in enumerate(stats.DAYS):
            registered = group.registered if group.attends(day) else 0
            row = sums[group.gender]
            row[index * 3] += 0 if online else registered
            row[index * 3 + 1] += registered if online else 0
            row[index * 3 + 2] += group.checked_in_day[day]
    columns = [_("Registered in person"), _("Registered online"), _("Checked in")]
    table = Table(
        "days",
        _("Participation per day, by gender"),
        [_("Gender"), *columns, *columns],
        groups=[("", 1), (_("Day 1"), 3), (_("Day 2"), 3)],
    )
    return _with_total(table, sums)


def by_dimension(groups: list[stats.Group], dimension: str) -> Table:
    """Registered and checked in per organisation type or country, each split by gender."""
    width = len(GENDERS.values) + 1
    sums = defaultdict(lambda: [0] * (2 * width))
    for group in groups:
        row = sums[getattr(group, dimension)]
        position = GENDERS.values.index(group.gender)
        for offset, value in ((0, group.registered), (width, group.checked_in)):
            row[offset + position] += value
            row[offset + width - 1] += value
    genders = [*GENDERS.labels, _("Total")]
    if dimension == "country":
        table = Table("countries", _("Participation by country and gender"), [_("Country")])
        names = {code: Country(code).name for code in sums}
    else:
        title = _("Participation by organisation type and gender")
        table = Table("organisation-types", title, [_("Organisation type")])
        names = dict(Participant.OrganisationType.choices)
    table.headers += genders + genders
    table.groups = [("", 1), (_("Registered"), width), (_("Checked in (either day)"), width)]
    ordered = sorted(sums.items(), key=lambda item: (-item[1][width - 1], str(names[item[0]])))
    table.rows = [[names[key], *values] for key, values in ordered]
    table.rows.append([_("Total"), *_column_sums(table.rows, 2 * width)])
    return table


def by_working_group(groups: list[stats.Group], working_groups: list[Session]) -> Table:
    """Registered and checked in per working group, each split by gender.

    Every group of the event has its row, in the programme's order, chosen or not; then those
    who chose none (online participants among them).
    """
    width = len(GENDERS.values) + 1
    sums = _by_gender_per(groups, "working_group")
    genders = [*GENDERS.labels, _("Total")]
    table = Table(
        "working-groups",
        _("Participation by working group and gender"),
        [_("Working group"), *genders, *genders],
        groups=[("", 1), (_("Registered"), width), (_("Checked in (either day)"), width)],
        note=_("Registered: confirmed registrations. Checked in: arrived at the door."),
    )
    table.rows = [[session.title, *sums[session.pk]] for session in working_groups]
    if None in sums:
        table.rows.append([_("No working group"), *sums[None]])
    table.rows.append([_("Total"), *_column_sums(table.rows, 2 * width)])
    return table


def by_delegation(groups: list[stats.Group], delegations: list) -> Table:
    """Registered and checked in per delegation, each split by gender.

    Every delegation of the event has its row, nominees or not; then everyone no delegation
    nominated.
    """
    width = len(GENDERS.values) + 1
    sums = _by_gender_per(groups, "delegation")
    genders = [*GENDERS.labels, _("Total")]
    table = Table(
        "delegations",
        _("Participation by delegation and gender"),
        [_("Delegation"), *genders, *genders],
        groups=[("", 1), (_("Registered"), width), (_("Checked in (either day)"), width)],
        note=_("Registered: confirmed registrations. Checked in: arrived at the door."),
    )
    table.rows = [[delegation.name, *sums[delegation.pk]] for delegation in delegations]
    if None in sums:
        table.rows.append([_("No delegation"), *sums[None]])
    table.rows.append([_("Total"), *_column_sums(table.rows, 2 * width)])
    return table


def logistics(per_day: dict) -> Table:
    """Per day, what caterers, interpreters and venue staff need to prepare for."""
    keys = ("participants", "interpretation", "dietary", "accessibility")
    rows = [[label, *(per_day[day][key] for key in keys)] for day, label in CheckIn.Day.choices]
    headers = [
        _("Day"),
        _("In person (confirmed)"),
        _("Need interpretation"),
        _("Gave dietary requirements"),
        _("Gave accessibility needs"),
    ]
    return Table("logistics", _("Logistics per day"), headers, rows)


def support_list(requests: list[dict]) -> Table:
    """Each dietary requirement and accessibility need, for the caterers and the venue."""
    days = dict(Participant.Days.choices)
    rows = [
        [
            f"{row['given_name']} {row['family_name']}".strip(),
            row["reference"],
            row["organisation"],
            days[row["days"]],
            row["dietary_requirements"],
            row["accessibility_needs"],
        ]
        for row in requests
    ]
    headers = [
        _("Name"),
        _("Reference"),
        _("Organisation"),
        _("Days"),
        _("Dietary requirements"),
        _("Accessibility needs"),
    ]
    note = _("Confirmed in-person participants only. Share with caterers and venue staff only.")
    return Table("support", _("Dietary requirements and accessibility needs"), headers, rows, note)


def _with_total(table: Table, sums: dict) -> Table:
    """Fill a gender table in the order of the choices, and add a total row."""
    table.rows = [[label, *sums[value]] for value, label in GENDERS.choices if value in sums]
    table.rows.append([_("Total"), *_column_sums(table.rows, len(table.headers) - 1)])
    return table


def _by_gender_per(groups: list[stats.Group], dimension: str) -> dict:
    """Per value of `dimension`: registered by gender and in total, then checked in likewise."""
    width = len(GENDERS.values) + 1
    sums = defaultdict(lambda: [0] * (2 * width))
    for group in groups:
        row = sums[getattr(group, dimension)]
        position = GENDERS.values.index(group.gender)
        for offset, value in ((0, group.registered), (width, group.checked_in)):
            row[offset + position] += value
            row[offset + width - 1] += value
    return sums


def _column_sums(rows: list[list], width: int) -> list[int]:
    return [sum(row[column] for row in rows) for column in range(1, width + 1)]
