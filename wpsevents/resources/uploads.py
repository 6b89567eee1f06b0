"""Where uploaded resource files go, and what they may be.

Organisers upload documents, presentations, spreadsheets and images. A file must have one of
those extensions, start with the bytes such a file starts with, and stay within the size limit:
an HTML page or an SVG renamed to .pdf is refused before it is stored.
"""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SNIFF_BYTES = 2048

ZIP = (b"PK\x03\x04",)  # Office Open XML and OpenDocument files are zip archives
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # older Office files
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": ZIP,
    "pptx": ZIP,
    "xlsx": ZIP,
    "odt": ZIP,
    "odp": ZIP,
    "ods": ZIP,
    "doc": OLE,
    "ppt": OLE,
    "xls": OLE,
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "webp": (b"RIFF",),
}
TEXT_EXTENSIONS = ("csv", "txt")
ALLOWED_EXTENSIONS = [*SIGNATURES, *TEXT_EXTENSIONS]


def resource_upload_to(instance, filename: str) -> str:
    """A safe, unguessable path for an uploaded file that keeps a readable name."""
    path = PurePath(filename)
    stem = slugify(path.stem)[:60] or "file"
    suffix = get_valid_filename(path.suffix.lower())[:8]
    return f"resources/{uuid.uuid4().hex[:12]}/{stem}{suffix}"


def validate_upload_size(file) -> None:
    """Refuse files over the size limit."""
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB."),
            params={"mb": MAX_UPLOAD_BYTES // 2**20},
            code="file_too_large",
        )


def validate_upload_content(file) -> None:
    """Refuse a file whose first bytes do not match its extension (a page renamed to .pdf)."""
    extension = PurePath(file.name).suffix.lower().lstrip(".")
    head = _first_bytes(file)
    if extension in TEXT_EXTENSIONS:
        matches = _is_plain_text(head)
    elif extension == "webp":
        matches = head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    else:
        matches = head.startswith(SIGNATURES.get(extension, ()))
    if not matches:
        raise ValidationError(
            _("The file's content does not match its type (.%(extension)s)."),
            params={"extension": extension},
            code="content_mismatch",
        )


def _first_bytes(file) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(position)
    return head if isinstance(head, bytes) else head.encode()


def _is_plain_text(head: bytes) -> bool:
    """Text without NUL bytes that does not open like markup."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return b"\x00" not in head and not stripped.startswith((b"<", b"%pdf"))
