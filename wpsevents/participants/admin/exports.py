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
from import_export import fields, resources
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from wpsevents.events.models import LOCAL_TZ

from ..models import IMPORT_FIELDS, CheckIn, Participant
from .spreadsheet import escape_formula

CHUNK_SIZE = 100
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
    return queryset.select_related("working_group").annotate(
        day_1_at=Subquery(checkins.filter(day=1).values("checked_in_at")[:1]),
        day_2_at=Subquery(checkins.filter(day=2).values("checked_in_at")[:1]),
    )


def _local(moment) -> datetime | None:
    """A moment as Phnom Penh's wall-clock time (spreadsheets know no time zones), or blank."""
    if moment is None:
        return None
    return timezone.localtime(moment, LOCAL_TZ).replace(tzinfo=None, second=0, microsecond=0)


class ParticipantExportResource(resources.ModelResource):
    """One row per participant: who, from where, which days, and whether they came."""

    checked_in_day_1 = fields.Field(column_name="checked_in_day_1")
    checked_in_day_2 = fields.Field(column_name="checked_in_day_2")

    class Meta:
        model = Participant
        fields = EXPORT_COLUMNS
        export_order = EXPORT_COLUMNS

    def export_field(self, field, instance, **kwargs):
        """Choices by their label, yes/no for booleans: what the import reads back too."""
        name = self.get_field_name(field)  # a relation's attribute ends in _id: not its name
        dehydrate = getattr(self, f"dehydrate_{name}", None)
        if dehydrate is not None:
            return dehydrate(instance)
        value = getattr(instance, name)
        if name in CHOICE_LABELS:
            return str(CHOICE_LABELS[name].get(value, "")) if value else ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        return "" if value is None else value

    def dehydrate_country(self, participant):
        return participant.country.name

    def dehydrate_phone(self, participant):
        return str(participant.phone or "")

    def dehydrate_working_group(self, participant):
        """The group's title, which the import reads back."""
        group = participant.working_group
        return group.title if group else ""

    def dehydrate_created_at(self, participant):
        return _local(participant.created_at)

    def dehydrate_checked_in_day_1(self, participant):
        return _local(getattr(participant, "day_1_at", None))

    def dehydrate_checked_in_day_2(self, participant):
        return _local(getattr(participant, "day_2_at", None))


def export_rows(queryset, resource) -> Iterator[list]:
    """The header, then one row of typed values per participant, read in chunks."""
    yield resource.get_export_headers()
    for participant in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield resource.export_resource(participant)


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


def _xlsx_cell(sheet, value) -> WriteOnlyCell:
    """A cell of the value's own type; text is marked as text, so it is never a formula."""
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    return cell


def export_filename(queryset, prefix: str = "participants") -> str:
    """A file name that says what, of which event and when: participants-workshop-2023-12-14-0830.

    Participants of several events are named after all of them: participants-all-events-….
    """
    slugs = list(queryset.order_by().values_list("event__slug", flat=True).distinct()[:2])
    which = slugs[0] if len(slugs) == 1 else "all-events"
    return f"{prefix}-{which}-{timezone.localtime(timezone=LOCAL_TZ):%Y-%m-%d-%H%M}"
