"""Exports: the filtered list, attendance per day, formulas kept as text, memory bounded."""

import csv
import io
import tracemalloc
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tests.backoffice.helpers import CHANGELIST, bulk_participants, run_action
from tests.factories import ParticipantFactory, SessionFactory
from wpsevents.events.models import LOCAL_TZ, Session
from wpsevents.participants import rules
from wpsevents.participants.admin.spreadsheet import escape_formula
from wpsevents.participants.admin.xlsx import write_workbook
from wpsevents.participants.models import Participant

TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]


def _export_url(file_format: str) -> str:
    return reverse("admin:participants_participant_export", args=[file_format])


def _content(response) -> bytes:
    """Read a streamed or file response to the end (the test client then closes it)."""
    return b"".join(response.streaming_content)


def _csv_rows(response) -> list[dict]:
    text = _content(response).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _xlsx_rows(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(_content(response))).active
    header, *rows = list(sheet.iter_rows())
    names = [cell.value for cell in header]
    return [dict(zip(names, row, strict=True)) for row in rows]


@pytest.mark.django_db
def test_export_csv_has_attendance_per_day(organiser_client, participant):
    rules.check_in(participant=participant, day=2, at_the_door=False)
    response = organiser_client.get(_export_url("csv"))
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    [row] = _csv_rows(response)
    assert row["reference"] == participant.reference
    assert row["country"] == "Cambodia" and row["status"] == "Confirmed"
    assert row["checked_in_day_1"] == "" and row["checked_in_day_2"] != ""


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_spreadsheet_of_several_events_says_whose_each_row_is(
    organiser_client, event, file_format
):
    other = ParticipantFactory(event__slug="regional-dialogue-2024")
    mine = ParticipantFactory(event=event)
    response = organiser_client.get(_export_url(file_format))
    if file_format == "csv":
        events = {row["reference"]: row["event"] for row in _csv_rows(response)}
    else:
        events = {row["reference"].value: row["event"].value for row in _xlsx_rows(response)}
    assert events == {mine.reference: event.slug, other.reference: "regional-dialogue-2024"}


@pytest.mark.django_db
def test_export_follows_the_list_filters(organiser_client, event):
    waiting = ParticipantFactory(event=event, status=Participant.Status.WAITLISTED)
    ParticipantFactory(event=event)
    response = organiser_client.get(_export_url("csv"), {"status__exact": "waitlisted"})
    assert [row["reference"] for row in _csv_rows(response)] == [waiting.reference]


@pytest.mark.django_db
def test_export_with_a_broken_filter_returns_to_the_list(organiser_client, participant):
    response = organiser_client.get(_export_url("csv"), {"no_such_field": "x"})
    assert response.status_code == 302 and response["Location"] == CHANGELIST


@pytest.mark.django_db
def test_export_list_links_to_the_filtered_exports(organiser_client, participant):
    content = organiser_client.get(CHANGELIST, {"status__exact": "confirmed"}).content.decode()
    assert _export_url("csv") + "?status__exact=confirmed" in content
    assert _export_url("xlsx") + "?status__exact=confirmed" in content


@pytest.mark.django_db
def test_export_xlsx_reads_back_with_khmer_names(organiser_client, event):
    person = ParticipantFactory(event=event, name_khmer="សុខា ចាន់")
    response = organiser_client.get(_export_url("xlsx"))
    [row] = _xlsx_rows(response)
    assert row["reference"].value == person.reference
    assert row["name_khmer"].value == "សុខា ចាន់"


@pytest.mark.django_db
def test_export_action_exports_only_the_selected(organiser_client, event):
    chosen, _other = ParticipantFactory(event=event), ParticipantFactory(event=event)
    response = run_action(organiser_client, "export_csv", [chosen])
    assert [row["reference"] for row in _csv_rows(response)] == [chosen.reference]


@pytest.mark.django_db
@pytest.mark.parametrize("trigger", TRIGGERS)
def test_export_csv_keeps_formula_like_cells_as_text(organiser_client, event, trigger):
    ParticipantFactory(event=event, organisation=f'{trigger}HYPERLINK("http://x")')
    [row] = _csv_rows(organiser_client.get(_export_url("csv")))
    assert row["organisation"] == f'\'{trigger}HYPERLINK("http://x")'


@pytest.mark.django_db
@pytest.mark.parametrize("separator", [";", ",", "\t", "\n"])
def test_export_csv_keeps_a_formula_after_a_separator_inside_a_cell_as_text(
    organiser_client, event, separator
):
    """Security finding: a `;` inside a cell let a formula through in spreadsheets that split
    a CSV line on `;`. Every cell is quoted, and a trigger after a separator is neutralised."""
    ParticipantFactory(event=event, dietary_requirements=f"none{separator}=cmd|' /C calc'!A0")
    content = _content(organiser_client.get(_export_url("csv"))).decode("utf-8-sig")
    # Read as a spreadsheet set to split on ";" would, ignoring the quotes around cells.
    for chunk in content.replace('"', "").replace("\n", ";").replace("\t", ";").split(";"):
        for cell in chunk.split(","):
            assert not cell.startswith("="), cell
    assert all(line.startswith('"') for line in content.strip().splitlines() if line[:1] != "'")
    [row] = _csv_rows(organiser_client.get(_export_url("csv")))
    assert row["dietary_requirements"] == f"none{separator}'=cmd|' /C calc'!A0"


@pytest.mark.django_db
@pytest.mark.parametrize("trigger", TRIGGERS)
def test_export_xlsx_keeps_formula_like_cells_as_text_without_an_apostrophe(
    organiser_client, event, trigger
):
    ParticipantFactory(event=event, organisation=f"{trigger}1+2")
    [row] = _xlsx_rows(organiser_client.get(_export_url("xlsx")))
    cell = row["organisation"]
    assert cell.data_type == "s"
    # XML turns a stored carriage return into a line feed when the file is read back
    assert cell.value.replace("\n", "\r") == f"{trigger}1+2".replace("\n", "\r")


@pytest.mark.django_db
def test_export_xlsx_shows_phone_numbers_as_typed(organiser_client, event):
    ParticipantFactory(event=event, phone="+85512345678")
    [row] = _xlsx_rows(organiser_client.get(_export_url("xlsx")))
    assert (row["phone"].value, row["phone"].data_type) == ("+85512345678", "s")


@pytest.mark.django_db
def test_export_xlsx_has_real_dates_in_phnom_penh_time(organiser_client, participant):
    checkin = rules.check_in(participant=participant, day=1, at_the_door=False)
    [row] = _xlsx_rows(organiser_client.get(_export_url("xlsx")))
    local = timezone.localtime(checkin.checked_in_at, LOCAL_TZ).replace(tzinfo=None)
    cell = row["checked_in_day_1"]
    assert cell.is_date
    assert cell.value == local.replace(second=0, microsecond=0)
    assert row["created_at"].is_date
    assert row["checked_in_day_2"].value is None


@pytest.mark.django_db
def test_export_csv_writes_dates_in_phnom_penh_time(organiser_client, participant):
    checkin = rules.check_in(participant=participant, day=1, at_the_door=False)
    [row] = _csv_rows(organiser_client.get(_export_url("csv")))
    local = timezone.localtime(checkin.checked_in_at, LOCAL_TZ)
    assert row["checked_in_day_1"] == local.strftime("%Y-%m-%d %H:%M")


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_file_is_named_after_the_event_and_the_date(
    organiser_client, participant, file_format
):
    response = organiser_client.get(_export_url(file_format))
    _content(response)
    today = timezone.localtime(timezone=LOCAL_TZ).strftime("%Y-%m-%d")
    disposition = response["Content-Disposition"]
    assert f"participants-{participant.event.slug}-{today}-" in disposition
    assert disposition.endswith(f'.{file_format}"')


@pytest.mark.django_db
def test_export_leaves_ordinary_text_alone(organiser_client, event):
    ParticipantFactory(event=event, organisation="Ministry of Women's Affairs")
    [row] = _csv_rows(organiser_client.get(_export_url("csv")))
    assert row["organisation"] == "Ministry of Women's Affairs"


def _peak_while_streaming(client) -> tuple[int, int]:
    response = client.get(_export_url("csv"))
    assert response.streaming
    size = 0
    tracemalloc.start()
    for chunk in response.streaming_content:
        size += len(chunk)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, size


@pytest.mark.django_db
def test_export_csv_streams_in_bounded_memory(organiser_client, event):
    needs = {"dietary_requirements": "vegetarian " * 25, "accessibility_needs": "ramp " * 50}
    bulk_participants(event, 800, **needs)
    peak_small, size_small = _peak_while_streaming(organiser_client)
    Participant.objects.all().delete()
    bulk_participants(event, 4000, **needs)
    peak, size = _peak_while_streaming(organiser_client)
    assert size > 4 * size_small
    assert peak < 1.5 * peak_small  # five times the rows, about the same memory
    assert peak < size / 2


@pytest.mark.django_db
def test_export_names_the_working_group_by_its_title(organiser_client, event):
    group = SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, title="Early warning")
    member = ParticipantFactory(event=event, working_group=group)
    outside = ParticipantFactory(event=event)
    in_csv = {
        row["reference"]: row["working_group"]
        for row in _csv_rows(organiser_client.get(_export_url("csv")))
    }
    assert in_csv == {member.reference: "Early warning", outside.reference: ""}
    in_xlsx = {
        row["reference"].value: row["working_group"].value
        for row in _xlsx_rows(organiser_client.get(_export_url("xlsx")))
    }
    assert in_xlsx[member.reference] == "Early warning"
    assert in_xlsx[outside.reference] in ("", None)


@pytest.mark.django_db
def test_export_xlsx_holds_the_same_values_as_the_csv(organiser_client, event):
    """The two formats share their rows: the workbook's cells are the CSV's values, but for
    the CSV's apostrophe before a formula and its dates written out."""
    group = SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, title="=Group")
    checked = ParticipantFactory(
        event=event,
        name_khmer="សុខា ចាន់",
        organisation="=cmd|' /C calc'!A0",
        dietary_requirements="none; +1 & <halal>",
        phone="+85512345678",
        working_group=group,
    )
    rules.check_in(participant=checked, day=2, at_the_door=False)
    ParticipantFactory(event=event, family_name="", position="", status="waitlisted")
    in_csv = _csv_rows(organiser_client.get(_export_url("csv")))
    in_xlsx = _xlsx_rows(organiser_client.get(_export_url("xlsx")))
    assert len(in_csv) == len(in_xlsx) == 2
    for csv_row, xlsx_row in zip(in_csv, in_xlsx, strict=True):
        assert list(csv_row) == list(xlsx_row)
        for name, cell in xlsx_row.items():
            value = cell.value
            if isinstance(value, datetime):
                value = value.strftime("%Y-%m-%d %H:%M")
            assert escape_formula(value or "") == csv_row[name], name
    khmer = next(row for row in in_xlsx if row["reference"].value == checked.reference)
    assert khmer["name_khmer"].value == "សុខា ចាន់"
    assert khmer["organisation"].value == "=cmd|' /C calc'!A0"
    assert khmer["organisation"].data_type == "s"


TRICKY_TEXT = [
    "=1+2",
    "+85512345678",
    "\t1+2",
    " leading and trailing ",
    "a & b < c > d \" e '",
    "សុខា ចាន់",
    "bell\x07 and nul\x00 dropped",
    "two\nlines",
    "123",
    "TRUE",
    "http://example.org",
    "😀",
]


def _read_back(write) -> list[list[tuple]]:
    spool = io.BytesIO()
    write(spool)
    sheet = load_workbook(io.BytesIO(spool.getvalue())).active
    return [[(c.value, c.data_type, c.is_date) for c in row] for row in sheet.iter_rows()]


def _write_with_openpyxl(rows, spool) -> None:
    """The plain way: openpyxl's write-only workbook, text marked as text."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value) or None
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            elif isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(spool)


def test_workbook_reads_back_as_openpyxl_would_write_it():
    """The export's own workbook writer, against the library it replaced, for awkward text."""
    moment = datetime(2023, 12, 14, 8, 30)
    rows = [
        ["text", "blank", "moment", "empty"],
        *([text, None, moment, ""] for text in TRICKY_TEXT),
        ["last", "", None, "x"],
    ]
    ours = _read_back(lambda spool: write_workbook(rows, spool))
    plain = _read_back(lambda spool: _write_with_openpyxl(rows, spool))
    assert ours == plain
    assert ours[7][0] == ("bell and nul dropped", "s", False)
    assert ours[1][2] == (moment, "d", True)
