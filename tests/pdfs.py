"""Reading PDFs as a person and a printer would: Poppler's pdftotext, pdffonts and pdfimages."""

import subprocess
import tempfile


def _run(data: bytes, *command: str, after: tuple[str, ...] = ()) -> str:
    """What `command` prints about the PDF `data`, given as a file name, then `after`."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        arguments = [*command, pdf.name, *after]
        return subprocess.run(arguments, capture_output=True, check=True, text=True).stdout


def pdf_text(data: bytes) -> str:
    """The text of a PDF in reading order, pages separated by form feeds."""
    return _run(data, "pdftotext", "-layout", "-enc", "UTF-8", after=("-",))


def pdf_fonts(data: bytes) -> list[dict]:
    """The fonts of a PDF: name, whether embedded."""
    lines = _run(data, "pdffonts").splitlines()[2:]
    fonts = []
    for line in lines:
        columns = line.split()
        # name type [encoding words] emb sub uni object ID: emb is the 5th column from the end
        fonts.append({"name": columns[0], "embedded": columns[-5] == "yes"})
    return fonts


def pdf_image_count(data: bytes) -> int:
    """How many raster images a PDF shows (a signature, a photo; not vector drawings).

    An image's transparency is listed as an image of its own, of type "smask": not counted.
    """
    rows = [line.split() for line in _run(data, "pdfimages", "-list").splitlines()[2:]]
    return sum(1 for row in rows if row[2] == "image")
