"""Reading PDFs as a person and a printer would: Poppler's pdftotext and pdffonts."""

import subprocess
import tempfile


def _run(tool: str, data: bytes, *args: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        result = subprocess.run(
            [tool, *args, pdf.name, "-"][: None if tool == "pdftotext" else -1],
            capture_output=True,
            check=True,
            text=True,
        )
    return result.stdout


def pdf_text(data: bytes) -> str:
    """The text of a PDF in reading order, pages separated by form feeds."""
    return _run("pdftotext", data, "-layout")


def pdf_fonts(data: bytes) -> list[dict]:
    """The fonts of a PDF: name, whether embedded."""
    lines = _run("pdffonts", data).splitlines()[2:]
    fonts = []
    for line in lines:
        columns = line.split()
        # name type [encoding words] emb sub uni object ID: emb is the 5th column from the end
        fonts.append({"name": columns[0], "embedded": columns[-5] == "yes"})
    return fonts
