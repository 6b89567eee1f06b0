"""PDFs laid out by WeasyPrint from HTML templates: badges, sign-in sheets, certificates.

The fonts are the project's own Noto files, loaded by file:// URL, so that Khmer is shaped the
same on every server whatever fonts the system has.
"""

import logging
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from wpsevents.khmer import break_khmer_words_in_html

FONTS = {
    "latin_regular": "fonts/NotoSans-Regular.ttf",
    "latin_bold": "fonts/NotoSans-Bold.ttf",
    "khmer_regular": "fonts/NotoSansKhmer-Regular.ttf",
    "khmer_bold": "fonts/NotoSansKhmer-Bold.ttf",
}

# WeasyPrint logs every layout step at INFO; the site's logs need only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def font_urls() -> dict[str, str]:
    """file:// addresses of the shipped fonts, for the templates' @font-face rules."""
    return {name: Path(finders.find(path)).as_uri() for name, path in FONTS.items()}


def render_pdf(template_name: str, context: dict) -> bytes:
    """The template rendered with `context` (and the fonts, as `fonts`) as a PDF.

    Khmer words are marked for WeasyPrint, which breaks lines only where it sees a space.
    """
    from weasyprint import HTML  # imported here: loading Pango is slow and only PDFs need it

    html = render_to_string(template_name, {**context, "fonts": font_urls()})
    html = break_khmer_words_in_html(html)
    return HTML(string=html, base_url=str(Path(__file__).parent)).write_pdf()
