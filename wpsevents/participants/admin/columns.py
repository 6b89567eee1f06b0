"""The participant list's cells, drawn as Django draws them but without its per-cell detours.

A page of the list is fifty rows of fourteen cells, and drawing them cost more than the
page's queries: the selection box rendered a form widget's template on every row, each
yes/no cell looked its icon up in the static files' manifest, and both links of a row (the
reference and the name) reversed the same address. The HTML stays the same; the work is
done once per row, or once per process for the icons.
"""

import functools

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django_countries import countries

ICONS = {True: "yes", False: "no", None: "unknown"}
# Django's own text, so its translations (and screen readers) read the same as before.
SELECT_LABEL = "Select this object for an action - {}"


@functools.cache
def boolean_icon(value: bool | None) -> str:
    """The admin's yes, no or unknown icon, as its lists draw it, looked up once per process."""
    return format_html(
        '<img src="{}" alt="{}">', static(f"admin/img/icon-{ICONS[value]}.svg"), value
    )


@functools.cache
def _country_names(language: str | None) -> dict[str, str]:
    return {code: str(name) for code, name in countries if code}


def country_names() -> dict[str, str]:
    """Each country's name in the active language, by code, worked out once per language.

    Asking django-countries for one name goes through its descriptor and its translation of
    the pair on every call: on a page of the list, and for every country in its filter, that
    added up.
    """
    return _country_names(get_language())


@receiver(setting_changed)
def _forget_icons(*, setting, **kwargs):
    # The icons' addresses depend on where static files are served from.
    if setting in ("STATIC_URL", "STORAGES"):
        boolean_icon.cache_clear()
    if setting.startswith("COUNTRIES_") or setting in ("LANGUAGES", "LOCALE_PATHS"):
        _country_names.cache_clear()


class RowLinksChangeList(ChangeList):
    """Django's change list, reversing a row's address once for all the links of the row."""

    def __init__(self, *args, **kwargs):
        self._row_urls = {}
        super().__init__(*args, **kwargs)

    def url_for_result(self, result):
        """The row's change page (kept for the row's other link)."""
        if result.pk not in self._row_urls:
            self._row_urls[result.pk] = super().url_for_result(result)
        return self._row_urls[result.pk]


class QuickCellsMixin:
    """For a ModelAdmin: the selection box and the row links drawn without template work."""

    def get_changelist(self, request, **kwargs):
        """The change list class that reverses each row's address once."""
        return RowLinksChangeList

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        """The row's selection box: the HTML of Django's checkbox widget, without its template."""
        return selection_box(obj, gettext(SELECT_LABEL))


def selection_box(obj, label: str) -> str:
    """The HTML of a row's selection box, `label` being Django's label in the active language."""
    return mark_safe(
        f'<input type="checkbox" name="{helpers.ACTION_CHECKBOX_NAME}" value="{escape(obj.pk)}"'
        f' class="action-select" aria-label="{label.format(escape(str(obj)))}">'
    )
