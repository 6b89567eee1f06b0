"""Participant lists as CSV or Excel files, written a batch of rows at a time, so memory
stays the same whatever the number of participants.

Rows hold text and date-times in Phnom Penh time. An Excel file keeps the types (a date is a
date, a text cell is marked as text, so it is never a formula and needs no escaping); a CSV file
writes date-times as "2023-12-14 08:30" and puts a single quote before any text a spreadsheet
could read as a formula, so that it shows as text instead of running.
"""

import csv
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django_countries import countries

from wpsevents.events.models import LOCAL_TZ, Session

from ..models import IMPORT_FIELDS, CheckIn, Participant
from .spreadsheet import escape_formula
from .xlsx import write_workbook

CHUNK_SIZE = 200  # rows per round trip of the server-side cursor, and what memory holds
CSV_WRITE_SIZE = 32_000  # characters sent at a time
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHOICE_COLUMNS = (
    "salutation",
    "organisation_type",
    "gender",
    "days",
    "attendance_mode",
    "language",
    "status",
    "source",
)
CHOICE_LABELS = {
    name: dict(Participant._meta.get_field(name).flatchoices) for name in CHOICE_COLUMNS
}
EXPORT_COLUMNS = (
    "reference",
    "event",  # its slug: a file of several events' people says whose each row is
    *IMPORT_FIELDS,
    "status",
    "source",
    "created_at",
    "checked_in_day_1",
    "checked_in_day_2",
)


def with_attendance(queryset):
    """Add when each person was checked in on day 1 and day 2 (blank when not, or undone)."""
    checkins = CheckIn.objects.live().filter(participant=OuterRef("pk"))
    return queryset.annotate(
        day_1_at=Subquery(checkins.filter(day=1).values("checked_in_at")[:1]),
        day_2_at=Subquery(checkins.filter(day=2).values("checked_in_at")[:1]),
    )


def _local(moment) -> datetime | None:
    """A moment as Phnom Penh's wall-clock time (spreadsheets know no time zones), or blank."""
    if moment is None:
        return None
    return moment.astimezone(LOCAL_TZ).replace(tzinfo=None, second=0, microsecond=0)


def _csv_moment(moment) -> str | None:
    """A moment as Phnom Penh's wall-clock time written out, "2023-12-14 08:30", or blank."""
    if moment is None:
        return None
    return moment.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")


def _as_typed(text: str) -> str:
    """Text as it was typed: a workbook marks it as text (see `xlsx`)."""
    return text


@dataclass(frozen=True)
class CellFormat:
    """What a file format makes of the text people typed and of moments; rows are otherwise
    the same for both formats (labels, yes/no, country names, blanks as None)."""

    text: Callable[[str], object]
    moment: Callable[[datetime | None], object]


CSV_CELLS = CellFormat(text=escape_formula, moment=_csv_moment)
XLSX_CELLS = CellFormat(text=_as_typed, moment=_local)


class _Countries(dict):
    """Country names by code, looked up once each."""

    def __init__(self, text):
        super().__init__({"": None, None: None})
        self.text = text

    def __missing__(self, code):
        self[code] = self.text(str(countries.name(code)))
        return self[code]


def _converters(cells: CellFormat, group_titles: dict) -> list:
    """How each column's stored value is written: choices by their label, yes/no for
    booleans, countries by name, working groups by title, times in Phnom Penh, None for blank.

    Made once per export, in the organiser's language, with the labels already through the
    format's `text`: a row is then mostly lookups in dicts, with no model instance, signal or
    per-value dispatch (50,000 rows in about a second).
    """
    yes_no = {True: cells.text("yes"), False: cells.text("no")}.get
    special = {
        "working_group": {k: cells.text(v) for k, v in group_titles.items()}.get,
        "country": _Countries(cells.text).__getitem__,
        "created_at": cells.moment,
        "checked_in_day_1": cells.moment,
        "checked_in_day_2": cells.moment,
        "needs_interpretation": yes_no,
        "consents_to_photography": yes_no,
    }
    for name, choices in CHOICE_LABELS.items():
        special[name] = {k: cells.text(str(v)) for k, v in choices.items() if k}.get
    return [special.get(name, cells.text) for name in EXPORT_COLUMNS]


def export_rows(queryset, cells: CellFormat) -> Iterator[list]:
    """The header, then one row per participant, read in chunks: text, date-times or None.

    `queryset` is the participants to export (the list as filtered, or a selection); `cells`
    says what the file format makes of typed text and of moments.
    """
    yield list(EXPORT_COLUMNS)
    stored = {
        "event": "event__slug",
        "phone": "phone_text",
        "working_group": "working_group_id",
        "checked_in_day_1": "day_1_at",
        "checked_in_day_2": "day_2_at",
    }
    # The phone number as stored (already in its international form), not parsed again.
    rows = with_attendance(queryset).annotate(phone_text=Cast("phone", CharField()))
    rows = rows.values_list(*[stored.get(name, name) for name in EXPORT_COLUMNS])
    convert = _converters(cells, _working_group_titles(queryset))
    for values in rows.iterator(chunk_size=CHUNK_SIZE):
        yield [to_cell(value) for to_cell, value in zip(convert, values, strict=True)]


def _working_group_titles(queryset) -> dict:
    """The title of each working group the participants are in, which the import reads back."""
    ids = queryset.order_by().exclude(working_group=None).values("working_group_id").distinct()
    return {group.pk: group.title for group in Session.objects.filter(pk__in=ids)}


class _Echo:
    """A file that hands back what is written, so csv.writer can feed a stream."""

    def write(self, value):
        return value


def csv_response(queryset, filename: str) -> StreamingHttpResponse:
    """Stream the participants as a UTF-8 CSV file that Excel opens with Khmer text intact.

    Lines go out about 32,000 characters at a time: one write to the connection for a hundred
    rows or so, rather than one for each.
    """
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)  # None is written as ""

    def lines():
        yield "\ufeff"  # byte order mark: Excel otherwise guesses a legacy encoding
        batch, size = [], 0
        for row in export_rows(queryset, CSV_CELLS):
            line = writer.writerow(row)
            batch.append(line)
            size += len(line)
            if size > CSV_WRITE_SIZE:
                yield "".join(batch)
                batch, size = [], 0
        yield "".join(batch)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def xlsx_response(queryset, filename: str) -> FileResponse:
    """Write the participants to an Excel workbook on disk, then send the file."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    write_workbook(export_rows(queryset, XLSX_CELLS), spool)
    spool.seek(0)
    response = FileResponse(
        spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )
    response["Cache-Control"] = "no-store"
    return response


def export_filename(queryset, prefix: str = "participants") -> str:
    """A file name that says what, of which event and when: participants-workshop-2023-12-14-0830.

    Participants of several events are named after all of them: participants-all-events-….
    """
    slugs = list(queryset.order_by().values_list("event__slug", flat=True).distinct()[:2])
    which = slugs[0] if len(slugs) == 1 else "all-events"
    return f"{prefix}-{which}-{timezone.localtime(timezone=LOCAL_TZ):%Y-%m-%d-%H%M}"
