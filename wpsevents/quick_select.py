"""A drop-down list drawn as Django draws it, without a template for each of its options.

Django's `Select` renders a template per option: the country of a participant's page has
about 250, which cost more than the rest of the form. The HTML here is Django's, character
for character (see tests/backoffice/test_quick_select.py).
"""

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django_countries.fields import CountryField
from django_countries.widgets import LazySelect


def _attrs(attrs: dict) -> str:
    """What Django's `attrs.html` writes: ` name="value"`, or ` name` for True, not False."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option: dict) -> str:
    # Django's option template ends with a line break, which its select keeps.
    return (
        f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>\n"
    )


class QuickOptionsMixin:
    """For a `Select` widget: its options written in one pass (the same HTML, in less time)."""

    def render(self, name, value, attrs=None, renderer=None):
        """The `<select>` element, as Django's templates would write it."""
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{escape(group_name)}">')
            parts.extend(_option(option) for option in group_choices)
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class QuickSelect(QuickOptionsMixin, forms.Select):
    """Django's `Select`, drawn without a template per option."""


class QuickCountrySelect(QuickOptionsMixin, LazySelect):
    """django-countries' `LazySelect` (names in the language of the request), drawn the same way."""


class QuickActionForm(ActionForm):
    """The admin lists' action form, its drop-down list drawn without a template per action."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].widget = QuickSelect()


class QuickSelectsMixin:
    """For a ModelAdmin: the drop-down lists of its choice and foreign-key fields drawn quickly.

    Fields shown another way (radio buttons, a raw id, autocompletion) are left as they are.
    """

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        """The field's form field, with a quick drop-down list unless it has radio buttons."""
        if db_field.name not in self.radio_fields:
            country = isinstance(db_field, CountryField)
            kwargs.setdefault("widget", QuickCountrySelect if country else QuickSelect)
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """The field's form field, with a quick drop-down list if it is shown as one."""
        elsewise = (*self.get_autocomplete_fields(request), *self.raw_id_fields, *self.radio_fields)
        if db_field.name not in elsewise:
            kwargs.setdefault("widget", QuickSelect)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
