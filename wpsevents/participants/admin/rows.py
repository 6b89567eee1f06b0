"""The participant list's rows, each drawn in one pass instead of cell by cell.

Django draws a list's cell by finding out again, on every row, what its column is (a field,
a method of the admin, a property), then formatting the value through generic helpers and
a `format_html` per cell: for fifty rows of fourteen cells that was the larger part of the
page's time. Here each column is looked at once per page, and the rows are then written with
what it needs: a choice's label comes from a dictionary of labels escaped once, a link from
the row's address put into an address reversed once. The HTML is the same as Django's (see
tests/backoffice/test_participant_list_rows.py); a list this does not know how to draw (a
column of another kind, list_editable, a pop-up) is drawn by Django as before.
"""

import datetime
import functools
import operator
from collections.abc import Callable

from django.contrib.admin.templatetags.admin_list import ResultList, result_headers, result_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters, admin_urlname
from django.contrib.admin.utils import display_for_value, quote
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, formats, timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .columns import SELECT_LABEL, QuickCellsMixin, selection_box

# Stands for the row's primary key in the address reversed once per page.
ROW = "__row_pk__"
TEXT_FIELDS = (models.CharField, models.TextField)

Cell = Callable[[object], str]


def _blank(value):
    # Django shows a value of only spaces as empty.
    return "" if isinstance(value, str) and value.strip() == "" else value


def _choices_cell(field, empty: str) -> Cell:
    labels = {value: conditional_escape(label) for value, label in field.flatchoices}
    escaped_empty = conditional_escape(empty)
    name = field.attname
    return lambda obj: labels.get(_blank(getattr(obj, name)), escaped_empty)


def _text_cell(field, empty: str) -> Cell:
    escaped_empty = conditional_escape(empty)
    name = field.attname
    return lambda obj: escape(value) if (value := _blank(getattr(obj, name))) else escaped_empty


def _datetime_cell(field, empty: str) -> Cell:
    escaped_empty = conditional_escape(empty)
    name = field.attname

    # What `formats.localize` does for a date and time, its format looked up once.
    date_format = formats.get_format("DATETIME_FORMAT")

    def cell(obj):
        value = getattr(obj, name)
        if value is None:
            return escaped_empty
        return escape(dateformat.format(timezone.template_localtime(value), date_format))

    return cell


def _value_cell(get: Callable, empty: str) -> Cell:
    """A column computed by a method: Django's `display_for_value` on what it returns."""
    empty = getattr(get, "empty_value_display", empty)
    boolean = getattr(get, "boolean", False)

    def cell(obj):
        value = _blank(get(obj))
        content = conditional_escape(display_for_value(value, empty, boolean))
        # Django keeps a date on one line.
        return Dated(content) if isinstance(value, (datetime.date, datetime.time)) else content

    return cell


class Dated(str):
    """A cell's content that Django would keep on one line (the class `nowrap`)."""


def _column(cl, name: str, empty: str) -> tuple[Cell, list[str]] | None:
    """How to draw one column's cell and the classes of its cells, or None if not known here."""
    admin = cl.model_admin
    if name == "action_checkbox":
        if type(admin).action_checkbox is QuickCellsMixin.action_checkbox:
            label = gettext(SELECT_LABEL)  # once for the page
            return functools.partial(selection_box, label=label), []
        return _value_cell(admin.action_checkbox, empty), []
    try:
        field = cl.lookup_opts.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is not None and not field.auto_created:
        if field.flatchoices:
            return _choices_cell(field, empty), []
        if isinstance(field, models.DateTimeField):
            return _datetime_cell(field, empty), ["nowrap"]
        if isinstance(field, TEXT_FIELDS):
            return _text_cell(field, empty), []
        return None
    if field is not None or name == "__str__":
        return None  # a reverse relation, or the row's own name: left to Django
    if hasattr(admin, name):
        return _value_cell(getattr(admin, name), empty), []
    if isinstance(getattr(cl.model, name, None), property):
        return _value_cell(operator.attrgetter(name), empty), []
    return None  # a method of the model: left to Django


def _link_template(cl) -> str | None:
    """The rows' change address, escaped, with ROW where each row's key goes."""
    try:
        url = reverse(
            admin_urlname(cl.opts, "change"),
            args=(ROW,),
            current_app=cl.model_admin.admin_site.name,
        )
    except NoReverseMatch:
        return None
    context = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}
    return str(escape(add_preserved_filters(context, url)))


def _plan(cl, empty: str) -> list[tuple] | None:
    """Per column: its cell, its opening tags (plain, for a date), its closing tag, linked."""
    links = cl.list_display_links
    plan = []
    first = True
    for name in cl.list_display:
        column = _column(cl, name, empty) if isinstance(name, str) else None
        if column is None:
            return None
        cell, extra = column
        classes = ["action-checkbox"] if name == "action_checkbox" else [f"field-{name}", *extra]
        linked = links is not None and (name in links or (first and not links))
        tag = "th" if linked and first else "td"
        first = first and not linked
        dated = [*classes, "nowrap"] if "nowrap" not in classes else classes
        openings = (f'<{tag} class="{" ".join(classes)}">', f'<{tag} class="{" ".join(dated)}">')
        plan.append((cell, openings, f"</{tag}>", linked))
    return plan


def quick_rows(cl) -> list[ResultList] | None:
    """The page's rows as Django draws them, or None when Django must draw them itself."""
    if cl.formset or cl.is_popup or cl.to_field:
        return None
    link_template = _link_template(cl)
    plan = _plan(cl, cl.model_admin.get_empty_value_display())
    if link_template is None or ROW not in link_template or plan is None:
        return None
    rows = []
    for obj in cl.result_list:
        url = link_template.replace(ROW, str(escape(quote(obj.pk))))
        parts = []
        for cell, openings, closing, linked in plan:
            content = cell(obj)
            opening = openings[type(content) is Dated]
            if linked:
                content = f'<a href="{url}">{content}</a>'
            parts.append(f"{opening}{content}{closing}")
        rows.append(ResultList(None, [mark_safe("".join(parts))]))
    return rows


def quick_result_list(cl) -> dict:
    """The context of Django's `result_list` tag, with the rows drawn by `quick_rows`."""
    rows = quick_rows(cl)
    if rows is None:
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows,
    }
