"""A one-sheet Excel workbook of text and date-time cells, written row by row to a file.

The participants' export writes 50,000 rows of 25 columns. openpyxl's write-only mode took 11 to
13 s for them, and XlsxWriter's constant-memory mode 7 to 8 s, nearly all of it in objects and
checks made for every cell; writing the sheet's XML directly takes under 2 s. The parts around
the sheet are the ones XlsxWriter writes, without the optional theme and document properties.
A text cell is an inline string, so it is text and never a formula; a date-time is a number with
a date format, as spreadsheets store it. Only one batch of rows is in memory at a time.
"""

import re
import zipfile
from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import islice

from openpyxl.utils import get_column_letter

ROWS_PER_WRITE = 200
_EXCEL_EPOCH = datetime(1899, 12, 30)
_DAY = timedelta(days=1)
# What needs more than copying: XML's own characters, characters XML cannot hold (dropped),
# and text that Excel would read as one of its _xHHHH_ escapes.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXCEL_ESCAPE = re.compile(r"(_x[0-9A-Fa-f]{4}_)")

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "application/vnd.openxmlformats-officedocument"
_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_OFFICE}.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        f'ContentType="{_OFFICE}.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="{_OFFICE}.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
        '<sheets><sheet name="Sheet" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
    ),
    # Style 1 is the date-times' format; style 0 is Excel's default.
    "xl/styles.xml": (
        f'<styleSheet xmlns="{_MAIN}"><numFmts count="1">'
        '<numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border>'
        "<left/><right/><top/><bottom/><diagonal/></border></borders>"
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
        'xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" '
        'applyNumberFormat="1"/></cellXfs><cellStyles count="1">'
        '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ),
}
_SHEET_START = f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetData>'
_SHEET_END = "</sheetData></worksheet>"


def write_workbook(rows: Iterable[list], file) -> None:
    """Write rows of text, date-times and blanks (None or "") as a workbook to a binary file.

    The file must be seekable (a temporary file): the sheet is compressed as it is written.
    """
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, xml in _PARTS.items():
            package.writestr(name, _XML + xml)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_START.encode())
            rows = iter(rows)
            number = 1
            while batch := list(islice(rows, ROWS_PER_WRITE)):
                columns = [get_column_letter(n + 1) for n in range(max(map(len, batch)))]
                xml = [_row_xml(number + n, row, columns) for n, row in enumerate(batch)]
                sheet.write("".join(xml).encode())
                number += len(batch)
            sheet.write(_SHEET_END.encode())


def _row_xml(number: int, row: list, columns: list[str]) -> str:
    """One row's cells, named by their column letters; a blank has no cell at all."""
    cells = []
    for column, value in zip(columns, row, strict=False):
        if not value:
            continue
        if type(value) is str:
            if _SPECIAL.search(value) and not (value := _xml_text(value)):
                continue
            cells.append(
                f'<c r="{column}{number}" t="inlineStr"><is><t xml:space="preserve">'
                f"{value}</t></is></c>"
            )
        elif isinstance(value, datetime):
            cells.append(
                f'<c r="{column}{number}" s="1"><v>{(value - _EXCEL_EPOCH) / _DAY!r}</v></c>'
            )
        else:
            raise TypeError(f"A cell holds text or a date-time, not {type(value).__name__}")
    return f'<row r="{number}">{"".join(cells)}</row>'


def _xml_text(value: str) -> str:
    """Text as XML holds it: characters XML cannot hold dropped, Excel's escapes kept literal."""
    value = _ILLEGAL.sub("", value)
    value = _EXCEL_ESCAPE.sub(r"_x005F\1", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
