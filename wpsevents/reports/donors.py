"""The donors' summary: one bilingual A4 page of headline figures, each breakdown with its chart.

Registered means a confirmed registration; attended, checked in on at least one day. With
`suppress`, every count from 1 to 4 is shown as "<5" and drawn as no bar, and a share of women
resting on such a count is withheld, so that the page can travel beyond the organisers.
"""

from collections import Counter
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country

from wpsevents.events.models import Event
from wpsevents.khmer import local_date, local_digits
from wpsevents.participants.models import Participant
from wpsevents.pdf import render_pdf

from . import charts, stats

SMALLEST = 5
SUPPRESSED = "<5"
TOP_COUNTRIES = 6
WOMAN = Participant.Gender.WOMAN
WORDS = {
    "title": _("Participation summary"),
    "registered": _("Registered"),
    "attended": _("Attended"),
    "women": _("Women"),
    "online": _("Online"),
    "modes": _("In person and online"),
    "by_day": _("By day"),
    "by_type": _("By organisation type"),
    "by_country": _("By country"),
    "other_countries": _("Other countries"),
    "day": _("Day %(number)s, %(date)s"),
    "note": _(
        "Registered: confirmed registrations. Attended: checked in at the door on at least one "
        "day. Online participants follow the livestream and are not checked in."
    ),
    "suppressed": _("Counts from 1 to 4 are shown as <5 and drawn without a bar."),
}


@dataclass(frozen=True)
class Line:
    """One row of a breakdown: its label in English and Khmer, registered and attended."""

    en: str
    km: str
    registered: int
    attended: int


def both(text, **values) -> dict[str, str]:
    """A text in English and in Khmer."""
    written = {}
    for language in ("en", "km"):
        with translation.override(language):
            words = str(text() if callable(text) else text)  # a callable: a name read late
            written[language] = words % values if values else words
    return written


def _line(label, registered: int, attended: int) -> Line:
    words = both(label)
    return Line(words["en"], words["km"], registered, attended)


def _breakdown(groups: list[stats.Group], key, label) -> list[Line]:
    """Registered and attended per value of `key(group)`, largest first."""
    registered, attended = Counter(), Counter()
    for group in groups:
        registered[key(group)] += group.registered
        attended[key(group)] += group.checked_in
    lines = [_line(label(value), registered[value], attended[value]) for value in registered]
    return sorted(lines, key=lambda line: (-line.registered, line.en))


def _by_country(groups: list[stats.Group]) -> list[Line]:
    lines = _breakdown(groups, lambda g: g.country, lambda code: lambda: Country(code).name)
    if len(lines) <= TOP_COUNTRIES + 1:
        return lines
    rest = lines[TOP_COUNTRIES:]
    other = both(WORDS["other_countries"])
    pooled = Line(
        other["en"],
        other["km"],
        sum(line.registered for line in rest),
        sum(line.attended for line in rest),
    )
    return [*lines[:TOP_COUNTRIES], pooled]


def _by_day(event: Event, groups: list[stats.Group]) -> list[Line]:
    lines = []
    for number, day in enumerate(event.days()[: len(stats.DAYS)], start=1):
        label = {}
        for language in ("en", "km"):
            with translation.override(language):
                label[language] = str(WORDS["day"]) % {
                    "number": local_digits(number),
                    "date": local_date(day, "MONTH_DAY_FORMAT"),
                }
        registered = sum(g.registered for g in groups if g.attends(number))
        attended = sum(g.checked_in_day[number] for g in groups)
        lines.append(Line(label["en"], label["km"], registered, attended))
    return lines


def donor_summary(event: Event, *, suppress: bool) -> dict:
    """The page's figures and charts for the event."""
    groups = stats.confirmed_groups(event)
    online = Participant.AttendanceMode.ONLINE
    registered = sum(g.registered for g in groups)
    attended = sum(g.checked_in for g in groups)
    women = sum(g.registered for g in groups if g.gender == WOMAN)
    women_attended = sum(g.checked_in for g in groups if g.gender == WOMAN)
    modes = _breakdown(
        groups, lambda g: g.attendance_mode, dict(Participant.AttendanceMode.choices).get
    )
    sections = [
        ("by_day", _by_day(event, groups)),
        ("modes", modes),
        ("by_type", _breakdown(groups, lambda g: g.organisation_type, _type_label)),
        ("by_country", _by_country(groups)),
    ]
    show = _shown if suppress else _plain
    return {
        "registered": show(registered),
        "attended": show(attended),
        "online": show(sum(g.registered for g in groups if g.attendance_mode == online)),
        "women_share": _share(women, registered, suppress),
        "women_attended_share": _share(women_attended, attended, suppress),
        "columns": [
            [_section(key, lines, show, suppress) for key, lines in sections[:2]],
            [_section(key, lines, show, suppress) for key, lines in sections[2:]],
        ],
    }


def _section(key: str, lines: list[Line], show, suppress: bool) -> dict:
    """A breakdown's heading and rows: label, registered, attended and the row's chart."""
    drawings = charts.paired_bars(
        [(line.registered, line.attended) for line in lines],
        hide_below=SMALLEST if suppress else 0,
    )
    rows = [
        (line, show(line.registered), show(line.attended), drawing)
        for line, drawing in zip(lines, drawings, strict=True)
    ]
    return {"heading": both(WORDS[key]), "rows": rows}


def _type_label(value: str):
    return dict(Participant.OrganisationType.choices)[value]


def _plain(count: int):
    return count


def _shown(count: int):
    return SUPPRESSED if 0 < count < SMALLEST else count


def _share(part: int, whole: int, suppress: bool) -> str:
    """A percentage, or a dash where there is no whole or the part is a suppressed count."""
    if not whole or (suppress and 0 < part < SMALLEST):
        return "–"
    return f"{round(100 * part / whole)} %"


def render_donor_pdf(event: Event, *, suppress: bool) -> bytes:
    """The donors' one-page summary of the event as a PDF."""
    context = {
        "event": event,
        "words": {key: both(text) for key, text in WORDS.items() if key != "day"},
        "summary": donor_summary(event, suppress=suppress),
        "suppress": suppress,
        "dates": _dates(event),
    }
    return render_pdf("reports/donors.html", context)


def _dates(event: Event) -> dict[str, str]:
    days = event.days()
    written = {}
    for language in ("en", "km"):
        with translation.override(language):
            first, last = (local_date(day) for day in (days[0], days[-1]))
            written[language] = first if first == last else f"{first} – {last}"
    return written
