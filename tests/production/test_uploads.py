"""Uploaded resources: only the types organisers need, checked by content, served safely."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import EventFactory, ResourceFactory
from wpsevents.resources.models import Resource
from wpsevents.resources.uploads import MAX_UPLOAD_BYTES, resource_upload_to

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
DOCX = b"PK\x03\x04" + b"\x00" * 32
XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 16
HTML = b"<!doctype html><script>alert(document.cookie)</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


def _resource(name: str, content: bytes) -> Resource:
    return Resource(
        event=EventFactory(), title="Concept note", file=SimpleUploadedFile(name, content)
    )


def _file_errors(resource: Resource) -> list[str]:
    try:
        resource.full_clean()
    except ValidationError as error:
        return error.message_dict.get("file", [])
    return []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("concept-note.pdf", PDF),
        ("photo.png", PNG),
        ("photo.JPG", JPEG),
        ("agenda.docx", DOCX),
        ("budget.xls", XLS),
        ("photo.webp", WEBP),
        ("participants.csv", "name,country\nសុខា,KH\n".encode()),
        ("notes.txt", b"Plain notes\n"),
    ],
)
def test_upload_accepts_documents_spreadsheets_and_images(name, content):
    assert _file_errors(_resource(name, content)) == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", HTML),
        ("page.htm", HTML),
        ("logo.svg", SVG),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 32),
        ("script.js", b"alert(1)"),
        ("page.xhtml", HTML),
    ],
)
def test_upload_refuses_pages_scripts_and_programs(name, content):
    assert _file_errors(_resource(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", HTML),
        ("photo.png", SVG),
        ("photo.jpg", b"MZ\x90\x00"),
        ("notes.txt", HTML),
        ("table.csv", b"col\x00umn"),
        ("agenda.docx", PDF),
        ("photo.webp", b"RIFF\x24\x00\x00\x00AVI LIST"),
    ],
)
def test_upload_refuses_content_that_does_not_match_the_extension(name, content):
    errors = _file_errors(_resource(name, content))
    assert any("does not match" in error for error in errors)


def test_upload_refuses_files_over_the_size_limit():
    too_big = PDF + b"\x00" * MAX_UPLOAD_BYTES
    errors = _file_errors(_resource("big.pdf", too_big))
    assert any("larger than" in error for error in errors)


@pytest.mark.parametrize(
    ("name", "expected_tail"),
    [
        ("Concept Note (final).pdf", "/concept-note-final.pdf"),
        ("../../etc/passwd.pdf", "/passwd.pdf"),
        ("évaluation<script>.docx", "/evaluationscript.docx"),
        ("ឯកសារ.pdf", "/file.pdf"),
        ("name.with.dots.PDF", "/namewithdots.pdf"),
    ],
)
def test_upload_names_are_sanitised_and_unguessable(name, expected_tail):
    first = resource_upload_to(None, name)
    second = resource_upload_to(None, name)
    assert first.startswith("resources/")
    assert first.endswith(expected_tail)
    assert ".." not in first
    assert first != second


def _stored(name: str, content: bytes) -> str:
    """A file stored as an older upload of a published resource, whatever its content."""
    path = default_storage.save(f"resources/abc123/{name}", ContentFile(content))
    ResourceFactory(url="", file=path)
    return path


@pytest.mark.parametrize(("name", "content"), [("page.html", HTML), ("logo.svg", SVG)])
def test_media_file_never_serves_html_or_svg_inline(client, name, content):
    path = _stored(name, content)
    response = client.get(f"/media/{path}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_media_file_shows_pdf_and_images_inline_in_a_sandbox(client):
    path = _stored("concept-note.pdf", PDF)
    response = client.get(f"/media/{path}")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PDF
    response.close()


def test_media_file_offers_documents_as_downloads(client):
    path = _stored("agenda.docx", DOCX)
    response = client.get(f"/media/{path}")
    assert response["Content-Disposition"].startswith("attachment")
    response.close()


@pytest.mark.parametrize(
    "path",
    ["../settings.py", "resources/../../manage.py", "resources/missing.pdf", "%2e%2e/x"],
)
def test_media_file_refuses_paths_outside_the_uploads(client, path):
    assert client.get(f"/media/{path}").status_code in (400, 404)


def test_media_file_refuses_writes(client):
    path = _stored("concept-note.pdf", PDF)
    assert client.post(f"/media/{path}").status_code == 405
