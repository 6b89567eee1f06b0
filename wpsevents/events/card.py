"""The picture a shared link shows: a 1200×630 card of the event, in English and Khmer.

Drawn with Pillow from the fonts the site ships (Noto Sans, Noto Sans Khmer); Pillow shapes
Khmer script with libraqm. A palette PNG of flat colours stays well under 100 KB.
"""

import io
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import override
from PIL import Image, ImageDraw, ImageFont

from wpsevents.khmer import local_date

from .models import LOCAL_TZ

SIZE = (1200, 630)
BLUE, WHITE, PALE = "#005a9c", "#ffffff", "#cfe3f3"
FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
MARGIN = 70
WIDTH = SIZE[0] - 2 * MARGIN
KHMER = re.compile(r"([\u1780-\u17ff\u19e0-\u19ff\u200b\u200c\u200d]+)")


@cache
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=ImageFont.Layout.RAQM)


def _dates(event, language: str) -> str:
    """The event's first and last day, in the language's date format."""
    days = [timezone.localtime(at, LOCAL_TZ) for at in (event.starts_at, event.ends_at)]
    with override(language):
        first, last = (local_date(day) for day in days)
    return first if first == last else f"{first} – {last}"


def _runs(text: str):
    """The text in runs of Khmer script and of other characters, which Noto Sans Khmer lacks."""
    return [run for run in KHMER.split(text) if run]


def _width(text: str, size: int, bold: bool) -> float:
    return sum(_font(_font_name(run, bold), size).getlength(run) for run in _runs(text))


def _font_name(run: str, bold: bool) -> str:
    family = "NotoSansKhmer" if KHMER.fullmatch(run) else "NotoSans"
    return f"{family}-{'Bold' if bold else 'Regular'}.ttf"


def _lines(text: str, size: int, bold: bool, most: int = 2) -> list[str]:
    """The text in lines that fit the card, the last one cut short with an ellipsis."""
    lines: list[str] = []
    for word in text.split():
        if lines and _width(f"{lines[-1]} {word}", size, bold) <= WIDTH:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > most:
        lines = [*lines[: most - 1], lines[most - 1] + " …"]
    return lines


def _write(draw, y: int, text: str, size: int, bold: bool, fill: str) -> None:
    x = MARGIN
    for run in _runs(text):
        font = _font(_font_name(run, bold), size)
        draw.text((x, y), run, font=font, fill=fill)
        x += font.getlength(run)


def event_card_png(event) -> bytes:
    """The event's sharing card as PNG bytes: its titles and dates in both languages."""
    image = Image.new("RGB", SIZE, BLUE)
    draw = ImageDraw.Draw(image)
    y = 60
    for line in _lines(event.title_en or event.title, 56, bold=True):
        _write(draw, y, line, 56, True, WHITE)
        y += 72
    y += 16
    for line in _lines(event.title_km or "", 46, bold=True):
        _write(draw, y, line, 46, True, WHITE)
        y += 84
    draw.rectangle((MARGIN, 440, MARGIN + 160, 446), fill=PALE)
    _write(draw, 470, _dates(event, "en"), 34, False, PALE)
    _write(draw, 520, _dates(event, "km"), 32, False, PALE)
    buffer = io.BytesIO()
    image.quantize(colors=32).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
