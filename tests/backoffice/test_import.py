"""Importing invited delegates: a preview first, errors per row, the services for each person."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.factories import DelegationFactory, EventFactory, ParticipantFactory, SessionFactory
from wpsevents.events.models import Session
from wpsevents.participants.models import OutgoingEmail, Participant

IMPORT = reverse("admin:participants_participant_import")
PROCESS = reverse("admin:participants_participant_process_import")
HEADER = "given_name,family_name,email,organisation,organisation_type,country,gender,days\n"
CSV_FORMAT, XLSX_FORMAT = "0", "1"


def _csv(*lines: str) -> SimpleUploadedFile:
    content = (HEADER + "\n".join(lines) + "\n").encode()
    return SimpleUploadedFile("delegates.csv", content, content_type="text/csv")


def _preview(client, upload, event, file_format=CSV_FORMAT, **options):
    data = {
        "resource": "0",
        "import_file": upload,
        "format": file_format,
        "event": event.pk,
        "on_duplicate": options.get("on_duplicate", "skip"),
    }
    if options.get("send_invitation"):
        data["send_invitation"] = "on"
    return client.post(IMPORT, data)


def _confirm(client, preview):
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(PROCESS, data, follow=True)


def _import(client, upload, event, **options):
    preview = _preview(client, upload, event, **options)
    assert preview.context["confirm_form"] is not None, preview.context["result"]
    return _confirm(client, preview)


@pytest.mark.django_db
def test_import_preview_saves_nothing_and_shows_each_status(organiser_client):
    event = EventFactory(capacity=1)
    upload = _csv(
        "Sokha,Chan,sokha@example.org,MOWA,government,KH,woman,both",
        "Dara,Keo,dara@example.org,Network,Civil society or women's organisation,Cambodia,Man,",
    )
    preview = _preview(organiser_client, upload, event)
    content = preview.content.decode()
    assert preview.status_code == 200
    assert "Confirmed" in content and "Waitlisted" in content
    assert "css/admin.css" in content  # the wide preview scrolls inside the page
    assert not Participant.objects.exists()
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_import_adds_people_through_the_services(organiser_client):
    event = EventFactory(capacity=1)
    upload = _csv(
        "Sokha,Chan,sokha@example.org,MOWA,government,KH,woman,both",
        "Dara,Keo,dara@example.org,Network,civil_society,Cambodia,Man,Day 2 only",
    )
    _import(organiser_client, upload, event)
    sokha = Participant.objects.get(email="sokha@example.org")
    dara = Participant.objects.get(email="dara@example.org")
    assert sokha.status == Participant.Status.CONFIRMED
    assert dara.status == Participant.Status.WAITLISTED  # the one seat was taken
    assert {sokha.source, dara.source} == {Participant.Source.IMPORTED}
    assert dara.days == Participant.Days.DAY_2 and dara.country == "KH"
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_import_sends_the_invitation_when_asked(organiser_client, event):
    upload = _csv("Sokha,Chan,sokha@example.org,MOWA,government,KH,woman,both")
    _import(organiser_client, upload, event, send_invitation=True)
    email = OutgoingEmail.objects.get()
    assert email.kind == OutgoingEmail.Kind.INVITATION
    assert email.recipient == "sokha@example.org"


@pytest.mark.django_db
def test_import_reports_errors_row_by_row_and_saves_nothing(organiser_client, event):
    upload = _csv(
        "Sokha,Chan,sokha@example.org,MOWA,government,KH,woman,both",
        "Dara,Keo,dara@example.org,Network,astronauts,Atlantis,woman,both",
    )
    preview = _preview(organiser_client, upload, event)
    content = preview.content.decode()
    assert preview.context.get("confirm_form") is None
    assert "is not one of the choices" in content
    assert "is not a country we know" in content
    assert [row.number for row in preview.context["result"].invalid_rows] == [2]
    assert not Participant.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Nul\x00Char", "RLO\u202eName", "Bell\x07"])
def test_import_refuses_the_characters_the_public_form_refuses(organiser_client, event, name):
    upload = _csv(f"{name},Chan,sokha@example.org,MOWA,government,KH,woman,both")
    preview = _preview(organiser_client, upload, event)
    assert preview.context.get("confirm_form") is None
    assert "Please remove the invisible or control characters" in preview.content.decode()
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_import_takes_a_name_of_invisible_characters_as_no_name(organiser_client, event):
    upload = _csv("\u200d\u2060\u3164,Chan,sokha@example.org,MOWA,government,KH,woman,both")
    preview = _preview(organiser_client, upload, event)
    assert preview.context.get("confirm_form") is None
    assert [row.number for row in preview.context["result"].invalid_rows] == [1]
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_import_skips_people_already_registered_by_default(organiser_client, event):
    known = ParticipantFactory(event=event, email="sokha@example.org", organisation="Old")
    upload = _csv("Sokha,Chan,SOKHA@example.org,New,government,KH,woman,both")
    _import(organiser_client, upload, event)
    known.refresh_from_db()
    assert known.organisation == "Old"
    assert Participant.objects.count() == 1


@pytest.mark.django_db
def test_import_updates_people_already_registered_when_asked(organiser_client, event):
    known = ParticipantFactory(event=event, email="sokha@example.org", organisation="Old")
    upload = _csv("Sokha,Chan,SOKHA@example.org,New,government,KH,woman,day1")
    _import(organiser_client, upload, event, on_duplicate="update")
    known.refresh_from_db()
    assert known.organisation == "New" and known.days == Participant.Days.DAY_1
    assert known.status == Participant.Status.CONFIRMED
    assert Participant.objects.count() == 1


@pytest.mark.django_db
def test_import_never_takes_a_row_for_a_delegation_nominee(organiser_client, event):
    delegation = DelegationFactory(event=event, focal_point_email="focal@mowa.example")
    nominee = ParticipantFactory(
        event=event, delegation=delegation, email="focal@mowa.example", organisation="Ministry"
    )
    upload = _csv("Sokha,Chan,focal@mowa.example,New,government,KH,woman,day1")
    preview = _preview(organiser_client, upload, event, on_duplicate="update")
    assert preview.context.get("confirm_form") is None
    assert "already registered" in preview.content.decode()
    nominee.refresh_from_db()
    assert nominee.organisation == "Ministry" and nominee.days == Participant.Days.BOTH
    assert Participant.objects.count() == 1


@pytest.mark.django_db
def test_import_reads_an_excel_file(organiser_client, event):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["Sokha", "Chan", "sokha@example.org", "MOWA", "government", "KH", "woman"])
    sheet.append([None] * 7)  # a blank line at the end of the sheet
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("delegates.xlsx", buffer.getvalue())
    preview = _preview(organiser_client, upload, event, file_format=XLSX_FORMAT)
    _confirm(organiser_client, preview)
    person = Participant.objects.get()
    assert person.email == "sokha@example.org" and person.days == Participant.Days.BOTH


@pytest.mark.django_db
def test_import_shows_a_faulty_excel_rows_empty_cells_as_empty(organiser_client, event):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["Dara", None, "dara@example.org", "Network", "astronauts", "KH", "woman", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("delegates.xlsx", buffer.getvalue())
    preview = _preview(organiser_client, upload, event, file_format=XLSX_FORMAT)
    content = preview.content.decode()
    assert "is not one of the choices" in content
    assert "None" not in content


@pytest.mark.django_db
def test_import_is_refused_to_checkin_staff(checkin_client):
    assert checkin_client.get(IMPORT).status_code == 403


@pytest.mark.django_db
def test_an_exported_file_imports_back_without_changing_anyone(organiser_client, event):
    person = ParticipantFactory(
        event=event, organisation='=HYPERLINK("http://x","x")', position="-Head of unit"
    )
    export = reverse("admin:participants_participant_export", args=["csv"])
    content = b"".join(organiser_client.get(export).streaming_content)
    assert b"'=HYPERLINK" in content  # the export's guard against formulas
    upload = SimpleUploadedFile("export.csv", content, content_type="text/csv")
    _import(organiser_client, upload, event, on_duplicate="update")
    person.refresh_from_db()
    assert person.organisation == '=HYPERLINK("http://x","x")'
    assert person.position == "-Head of unit"


def _groups(event) -> dict[str, Session]:
    other_event = EventFactory()
    return {
        "a": SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, title="Group A"),
        "b": SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, title="Group B"),
        "lunch": SessionFactory(event=event, kind=Session.Kind.BREAK, title="Lunch break"),
        "other": SessionFactory(event=other_event, kind=Session.Kind.WORKING_GROUP, title="Far"),
    }


def _csv_with(column: str, *lines: str) -> SimpleUploadedFile:
    content = (HEADER.strip() + f",{column}\n" + "\n".join(lines) + "\n").encode()
    return SimpleUploadedFile("delegates.csv", content, content_type="text/csv")


def _csv_with_groups(*lines: str) -> SimpleUploadedFile:
    return _csv_with("working_group", *lines)


@pytest.mark.django_db
def test_import_puts_people_in_the_events_working_groups_by_title_or_number(
    organiser_client, event
):
    groups = _groups(event)
    upload = _csv_with_groups(
        "Sokha,Chan,sokha@example.org,MOWA,government,KH,woman,both, group a ",
        f"Dara,Keo,dara@example.org,MOWA,government,KH,man,both,{groups['b'].pk}",
        "Vanna,Sok,vanna@example.org,MOWA,government,KH,man,both,",
    )
    _import(organiser_client, upload, event)
    chosen = dict(Participant.objects.values_list("email", "working_group__title"))
    assert chosen == {
        "sokha@example.org": "Group A",
        "dara@example.org": "Group B",
        "vanna@example.org": None,
    }


@pytest.mark.django_db
def test_import_refuses_a_working_group_that_is_not_the_events_row_by_row(organiser_client, event):
    groups = _groups(event)
    upload = _csv_with_groups(
        "Sokha,Chan,sokha@example.org,MOWA,government,KH,woman,both,Group A",
        "Dara,Keo,dara@example.org,MOWA,government,KH,man,both,Far",
        f"Vanna,Sok,vanna@example.org,MOWA,government,KH,man,both,{groups['other'].pk}",
        "Thida,Ly,thida@example.org,MOWA,government,KH,woman,both,Lunch break",
    )
    preview = _preview(organiser_client, upload, event)
    assert preview.context.get("confirm_form") is None
    assert [row.number for row in preview.context["result"].invalid_rows] == [2, 3, 4]
    assert "is not one of this event&#x27;s working groups" in preview.content.decode()
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_an_exported_file_imports_back_with_its_working_groups(organiser_client, event):
    groups = _groups(event)
    person = ParticipantFactory(event=event, working_group=groups["b"])
    export = reverse("admin:participants_participant_export", args=["csv"])
    content = b"".join(organiser_client.get(export).streaming_content)
    upload = SimpleUploadedFile("export.csv", content, content_type="text/csv")
    _import(organiser_client, upload, event, on_duplicate="update")
    person.refresh_from_db()
    assert person.working_group == groups["b"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        ("en", "Please write the phone number with digits only, without letters."),
        ("km", "សូមសរសេរលេខទូរស័ព្ទជាលេខប៉ុណ្ណោះ ដោយគ្មានអក្សរ។"),
    ],
)
def test_import_refuses_a_phone_number_written_with_letters_as_the_forms_do(
    organiser_client, event, language, refusal
):
    organiser_client.post("/admin/language/", {"language": language, "next": "/admin/"})
    upload = _csv_with(
        "phone",
        "Sokha,Chan,sokha@example.org,MOWA,government,KH,woman,both,012 345 678",
        "Dara,Keo,dara@example.org,MOWA,government,KH,man,both,012 345 abc",
    )
    preview = _preview(organiser_client, upload, event)
    assert preview.context.get("confirm_form") is None
    assert [row.number for row in preview.context["result"].invalid_rows] == [2]
    assert refusal in preview.content.decode()
    assert "+85512345222" not in preview.content.decode()  # "abc" read as keypad digits
    assert not Participant.objects.exists()
