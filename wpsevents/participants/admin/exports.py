"""Participant lists as CSV or Excel files, streamed row by row so 20,000 rows fit in memory.

Every text cell that a spreadsheet could read as a formula is written with a leading single
quote, so that Excel and LibreOffice show it as text instead of running it.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.db.models import OuterRef, Subquery
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from import_export import fields, resources
from openpyxl import Workbook
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


def _local(moment) -> str:
    return timezone.localtime(moment, LOCAL_TZ).strftime("%Y-%m-%d %H:%M") if moment else ""


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
    """The header, then one escaped row per participant, read from the database in chunks."""
    yield [escape_formula(header) for header in resource.get_export_headers()]
    for participant in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield [escape_formula(value) for value in resource.export_resource(participant)]


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
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def xlsx_response(rows: Iterable[list], filename: str) -> FileResponse:
    """Write rows to an Excel workbook on disk (write-only mode), then send the file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    workbook.save(spool)
    spool.seek(0)
    response = FileResponse(
        spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )
    response["Cache-Control"] = "no-store"
    return response


def _xlsx_value(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def export_filename(prefix: str = "participants") -> str:
    """A file name that says what and when: participants-2023-12-14-0830."""
    return f"{prefix}-{timezone.localtime():%Y-%m-%d-%H%M}"
