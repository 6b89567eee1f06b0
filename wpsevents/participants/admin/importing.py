"""How an import of invited delegates is read: columns, cell formats and the rules applied.

Imports never write participants themselves: each new row goes through
`rules.add_participant_by_organiser` and each update through `rules.update_registration`,
so capacity, the waitlist and the invitation email follow the same rules as everywhere else.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from import_export import fields, resources, widgets

from wpsevents.events.models import Session
from wpsevents.forms import (
    normalise_text,
    refuse_control_characters,
    refuse_letters_in_phone_number,
    shows_anything,
)

from .. import rules
from ..models import IMPORT_FIELDS, ORGANISER_FIELDS, Participant
from .spreadsheet import unescape_formula


class ChoiceWidget(widgets.CharWidget):
    """Accepts a choice's code (`woman`) or its label (`Woman`), in any letter case."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        text = " ".join(str(value or "").split()).casefold()
        if not text:
            return ""
        for code, label in self.choices:
            if text in (str(code).casefold(), str(label).casefold()):
                return code
        raise ValueError(_("“%(value)s” is not one of the choices.") % {"value": value})


class CountryWidget(widgets.CharWidget):
    """Accepts a country's two-letter code (KH) or its English name (Cambodia)."""

    def clean(self, value, row=None, **kwargs):
        text = " ".join(str(value or "").split())
        if not text:
            return ""
        code = countries.alpha2(text) or countries.by_name(text)
        if not code:
            raise ValueError(_("“%(value)s” is not a country we know.") % {"value": value})
        return code


class YesNoWidget(widgets.BooleanWidget):
    """Yes/no cells: yes, no, true, false, 1, 0 — and blank for no."""

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().casefold()
        if text in ("", "0", "no", "n", "false", "none"):
            return False
        if text in ("1", "yes", "y", "true", "x"):
            return True
        raise ValueError(_("Write yes or no."))


class TextWidget(widgets.CharWidget):
    """Text cells, with numbers that Excel made of phone numbers turned back into text.

    A cell the export kept from being read as a formula comes back without its apostrophe, so
    that an exported file imports as it was.
    """

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = super().clean(value, row, **kwargs)
        text = unescape_formula(text)  # the export's guard against formulas, not the value
        # The public forms' rule: no NUL, no direction tricks.
        as_cell_error(refuse_control_characters, text)
        text = normalise_text(text)
        return text if shows_anything(text) else ""


class PhoneWidget(TextWidget):
    """A phone number's cell, refused when written with letters, as the forms refuse it.

    The phone number library would read the letters as keypad digits and keep another number.
    """

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        as_cell_error(refuse_letters_in_phone_number, text)
        return text


def as_cell_error(check, text: str) -> None:
    """Run one of the forms' checks on a cell; its refusal becomes the row's error there."""
    try:
        check(text)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from None


class WorkingGroupWidget(widgets.Widget):
    """A working group of the import's event, by its title (English or Khmer) or its number.

    A group of another event, or a session that is no working group, is a row error.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.event = None

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = " ".join(unescape_formula(str(value if value is not None else "")).split())
        if not text:
            return None
        found = [group for group in self._groups() if text.casefold() in _names(group)]
        if len(found) != 1:
            message = _("“%(value)s” is not one of this event's working groups.")
            if found:
                message = _("More than one working group is called “%(value)s”: give its number.")
            raise ValueError(message % {"value": text})
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.title if value else ""

    def _groups(self) -> list[Session]:
        if not hasattr(self, "_event_groups"):
            self._event_groups = list(Session.objects.filter(event=self.event).working_groups())
        return self._event_groups


def _names(group: Session) -> set[str]:
    """What an import may call a working group: its number, or its title in either language."""
    titles = (group.title_en, group.title_km)
    return {str(group.pk), *(" ".join(t.split()).casefold() for t in titles if t)}


class StatusWidget(widgets.CharWidget):
    """Shows, in the import's preview, the status each person gets."""

    def render(self, value, obj=None, **kwargs):
        return str(Participant.Status(value).label) if value else ""


def _choice(name: str, choices, default=fields.NOT_PROVIDED) -> fields.Field:
    return fields.Field(
        attribute=name, column_name=name, widget=ChoiceWidget(choices), default=default
    )


def _text(name: str) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=TextWidget())


def _yes_no(name: str) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=YesNoWidget())


class ParticipantImportResource(resources.ModelResource):
    """Invited delegates from a CSV or Excel file, matched to existing people by email."""

    salutation = _choice("salutation", Participant.Salutation.choices)
    given_name = _text("given_name")
    family_name = _text("family_name")
    name_khmer = _text("name_khmer")
    email = _text("email")
    phone = fields.Field(attribute="phone", column_name="phone", widget=PhoneWidget())
    organisation = _text("organisation")
    position = _text("position")
    organisation_type = _choice("organisation_type", Participant.OrganisationType.choices)
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    gender = _choice("gender", Participant.Gender.choices)
    days = _choice("days", Participant.Days.choices, Participant.Days.BOTH)
    attendance_mode = _choice(
        "attendance_mode",
        Participant.AttendanceMode.choices,
        Participant.AttendanceMode.IN_PERSON,
    )
    working_group = fields.Field(
        attribute="working_group", column_name="working_group", widget=WorkingGroupWidget()
    )
    needs_interpretation = _yes_no("needs_interpretation")
    dietary_requirements = _text("dietary_requirements")
    accessibility_needs = _text("accessibility_needs")
    consents_to_photography = _yes_no("consents_to_photography")
    language = _choice("language", Participant.Language.choices, Participant.Language.ENGLISH)
    status = fields.Field(attribute="status", column_name="status", widget=StatusWidget())

    class Meta:
        model = Participant
        fields = (*IMPORT_FIELDS, "status")
        import_id_fields = ("email",)
        clean_model_instances = True
        skip_html_diff = False

    def __init__(self, event=None, on_duplicate="skip", send_invitation=False, **kwargs):
        super().__init__(**kwargs)
        self.event = event
        self.fields["working_group"].widget.event = event
        self.on_duplicate = on_duplicate
        self.send_invitation = send_invitation

    def before_import(self, dataset, **kwargs):
        """Blank lines at the end of a spreadsheet are not people; its empty cells are empty text.

        Excel's empty cells come as None, which the preview of a faulty row would show as "None".
        """
        blank = [i for i, row in enumerate(dataset) if not any(str(v or "").strip() for v in row)]
        for index in reversed(blank):
            del dataset[index]
        for index, row in enumerate(dataset):
            if None in row:
                dataset[index] = ["" if value is None else value for value in row]

    def get_instance(self, instance_loader, row):
        """The person already registered for this event with the same address, any case.

        Never a delegation's nominee: nominees share their focal point's address, so the
        address does not say which of them a row would be.
        """
        email = str(row.get("email") or "").strip()
        if not email or self.event is None:
            return None
        return Participant.objects.registered_as(self.event, email).filter(delegation=None).first()

    def init_instance(self, row=None):
        return Participant(event=self.event, status="")

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """The status is never read from the file: the rules decide it."""
        if field.attribute != "status":
            super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Check the row as the admin form would, leaving out the status the rules set."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, "status"], validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if instance.pk is not None:
            return self.on_duplicate != "update" or not instance.is_active
        return super().skip_row(instance, original, row, import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        """Save through the rules, then show the status the person got in the preview."""
        data = {name: getattr(instance, name) for name in IMPORT_FIELDS}
        if is_create:
            saved = rules.add_participant_by_organiser(
                event=self.event,
                data=data,
                source=Participant.Source.IMPORTED,
                send_invitation=self.send_invitation,
            )
        else:
            saved = rules.update_registration(
                participant=instance, data=data, fields=ORGANISER_FIELDS
            )
        instance.pk, instance.reference, instance.status = saved.pk, saved.reference, saved.status
