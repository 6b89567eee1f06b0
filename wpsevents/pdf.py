"""PDFs laid out by WeasyPrint from HTML templates: badges, sign-in sheets, certificates.

The fonts are the project's own Noto files, loaded by file:// URL, so that Khmer is shaped the
same on every server whatever fonts the system has.
"""

import logging
import threading
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


_fonts = threading.local()


def font_configuration():
    """This thread's WeasyPrint font configuration, made once and kept for every PDF after.

    A new configuration for each PDF would load the system's font list and the shipped fonts
    again, at a large share of a certificate's time, and a worker's memory would grow with every
    PDF. A kept one loads each @font-face rule once. Pango's font maps must not be shared
    between threads, hence one per thread.
    """
    from weasyprint.text.fonts import FontConfiguration  # loading Pango is slow: PDFs only

    if not hasattr(_fonts, "configuration"):
        _fonts.configuration = FontConfiguration()
    return _fonts.configuration


def render_pdf(template_name: str, context: dict) -> bytes:
    """The template rendered with `context` (and the fonts, as `fonts`) as a PDF.

    Khmer words are marked for WeasyPrint, which breaks lines only where it sees a space.
    """
    from weasyprint import HTML  # imported here: loading Pango is slow and only PDFs need it

    html = render_to_string(template_name, {**context, "fonts": font_urls()})
    html = break_khmer_words_in_html(html)
    document = HTML(string=html, base_url=str(Path(__file__).parent))
    return document.write_pdf(font_config=font_configuration())
