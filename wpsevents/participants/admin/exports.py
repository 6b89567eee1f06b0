"""Participant lists as CSV or Excel files, streamed row by row so 20,000 rows fit in memory.

Rows hold typed values: text, numbers, and date-times in Phnom Penh time. An Excel file keeps
the types (a date is a date, a text cell is marked as text, so it is never a formula and needs
no escaping); a CSV file writes date-times as "2023-12-14 08:30" and puts a single quote before
any text a spreadsheet could read as a formula, so that it shows as text instead of running.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models import OuterRef, Subquery
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django_countries import countries
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from wpsevents.events.models import LOCAL_TZ, Session

from ..models import IMPORT_FIELDS, CheckIn, Participant
from .spreadsheet import escape_formula

CHUNK_SIZE = 200  # rows per round trip of the server-side cursor, and what memory holds
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
    return timezone.localtime(moment, LOCAL_TZ).replace(tzinfo=None, second=0, microsecond=0)


def _converters() -> dict:
    """How each column's stored value is written: choices by their label, yes/no for
    booleans, countries by name, times in Phnom Penh, blanks for nothing.

    Made once per export, in the organiser's language: a row is then only lookups in dicts,
    with no model instance, signal or per-field dispatch (50,000 rows in a few seconds).
    """
    labels = {
        name: {k: str(v) for k, v in choices.items()} for name, choices in CHOICE_LABELS.items()
    }
    country_names: dict[str, str] = {}

    def country(code):
        if code not in country_names:
            country_names[code] = str(countries.name(code)) if code else ""
        return country_names[code]

    def choice(name):
        return lambda value: labels[name].get(value, "") if value else ""

    def plain(value):
        if isinstance(value, bool):
            return "yes" if value else "no"
        return "" if value is None else value

    special = {
        "country": country,
        "phone": lambda value: str(value or ""),
        "created_at": _local,
        "checked_in_day_1": _local,
        "checked_in_day_2": _local,
    }
    return {
        name: special.get(name) or (choice(name) if name in CHOICE_LABELS else plain)
        for name in EXPORT_COLUMNS
        if name != "working_group"
    }


def export_rows(queryset) -> Iterator[list]:
    """The header, then one row of typed values per participant, read in chunks.

    `queryset` is the participants to export (the list as filtered, or a selection).
    """
    yield list(EXPORT_COLUMNS)
    convert = _converters()
    stored = [
        {"checked_in_day_1": "day_1_at", "checked_in_day_2": "day_2_at"}.get(name, name)
        for name in EXPORT_COLUMNS
    ]
    stored[EXPORT_COLUMNS.index("working_group")] = "working_group_id"
    rows = with_attendance(queryset).values_list(*stored)
    group_titles = _working_group_titles(queryset)
    columns = list(enumerate(EXPORT_COLUMNS))
    for values in rows.iterator(chunk_size=CHUNK_SIZE):
        yield [
            group_titles.get(values[i], "") if name == "working_group" else convert[name](values[i])
            for i, name in columns
        ]


def _working_group_titles(queryset) -> dict:
    """The title of each working group the participants are in, which the import reads back."""
    ids = queryset.order_by().exclude(working_group=None).values("working_group_id").distinct()
    return {group.pk: group.title for group in Session.objects.filter(pk__in=ids)}


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return escape_formula(value)


class _Echo:
    """A file that hands back what is written, so csv.writer can feed a stream."""

    def write(self, value):
        return value


def csv_response(rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    """Stream rows as a UTF-8 CSV file that Excel opens with Khmer text intact."""
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)

    def lines():
        yield "\ufeff"  # byte order mark: Excel otherwise guesses a legacy encoding
        for row in rows:
            yield writer.writerow([_csv_value(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def xlsx_response(rows: Iterable[list], filename: str) -> FileResponse:
    """Write rows to an Excel workbook on disk (write-only mode), then send the file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    workbook.save(spool)
    spool.seek(0)
    response = FileResponse(
        spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )
    response["Cache-Control"] = "no-store"
    return response


def _xlsx_cell(sheet, value):
    """A cell of the value's own type; text is text, so it is never a formula.

    openpyxl reads only text that starts with "=" as a formula: that text, and date-times
    (for their format), get a cell of their own; everything else goes in as it is, and a blank
    as no cell at all.
    """
    if isinstance(value, str):
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not value:
            return None
        if not value.startswith("="):
            return value
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    return value


def export_filename(queryset, prefix: str = "participants") -> str:
    """A file name that says what, of which event and when: participants-workshop-2023-12-14-0830.

    Participants of several events are named after all of them: participants-all-events-….
    """
    slugs = list(queryset.order_by().values_list("event__slug", flat=True).distinct()[:2])
    which = slugs[0] if len(slugs) == 1 else "all-events"
    return f"{prefix}-{which}-{timezone.localtime(timezone=LOCAL_TZ):%Y-%m-%d-%H%M}"
