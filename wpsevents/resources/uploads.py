"""Where uploaded resource files go, and what they may be."""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


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
            _("The file is larger than %(mb)s MB."), params={"mb": MAX_UPLOAD_BYTES // 2**20}
        )
