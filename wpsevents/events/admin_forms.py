"""What the event form needs beyond its model: typed dates, featuring, Khmer gaps, duplication."""

from datetime import date

from django import forms
from django.conf import settings
from django.db import models
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.translator import translator

from wpsevents.khmer import LocalNumber

from . import session_changes
from .models import Event, Session

DATETIME_HELP = _("Day/month/year and 24-hour time, e.g. 13/01/2027 and 08:30, Phnom Penh time.")


def datetime_help(db_field, formfield):
    """Say the format a date and time is typed in, and that it is Phnom Penh time."""
    if isinstance(db_field, models.DateTimeField) and formfield is not None:
        own = formfield.help_text
        formfield.help_text = f"{own} {DATETIME_HELP}" if own else DATETIME_HELP
    return formfield


def slug_help() -> str:
    """The slug's help, with the address the event will really have (the admin shows it as HTML)."""
    return escape(
        _("The event's address: %(url)s/events/<slug>/ (letters, digits and hyphens).")
        % {"url": settings.SITE_URL}
    )


class EventAdminForm(forms.ModelForm):
    """The event form: ticking Featured is allowed while another event is featured.

    The admin un-features the other event in the same save, so the form does not check the
    one-featured-event constraint (the database still does). Its programme's sessions moved or
    deleted tell their people, unless the organiser unticks the box.
    """

    notify_people = forms.BooleanField(
        label=_("Tell the people concerned by email"),
        required=False,
        initial=True,
        help_text=_(
            "When you change the time or room of a session in the programme below, or delete "
            "one, the people it concerns are emailed one notice each, in their language, with "
            "their updated calendar file. The column “told if it moves” says how many they are."
        ),
    )

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.add("is_featured")
        return exclude


def _khmer_gaps(obj, fields, label) -> list[str]:
    gaps = []
    for name in fields:
        if getattr(obj, f"{name}_en", "") and not getattr(obj, f"{name}_km", ""):
            field = obj._meta.get_field(name)
            gaps.append(f"{label}: {field.verbose_name}")
    return gaps


def khmer_gaps(event: Event) -> list[str]:
    """The texts of an event, its sessions and its resources written in English but not Khmer.

    Reads `event.sessions.all()` and `event.resources.all()`: prefetch them for a list.
    """
    gaps = _khmer_gaps(event, _translated(event), _("Event"))
    for session in event.sessions.all():
        gaps += _khmer_gaps(session, _translated(session), _("Session “%s”") % session.title)
    for resource in event.resources.all():
        gaps += _khmer_gaps(resource, _translated(resource), _("Resource “%s”") % resource.title)
    return gaps


def _translated(obj) -> tuple[str, ...]:
    names = translator.get_options_for_model(type(obj)).fields
    return tuple(field.name for field in obj._meta.fields if field.name in names)


class DuplicateEventForm(forms.Form):
    """The first day of the copy of an event."""

    first_day = forms.DateField(
        label=_("First day of the new event"),
        help_text=_("Day/month/year, e.g. 13/01/2027. Sessions keep their day and time of day."),
    )

    def clean_first_day(self) -> date:
        """Any day will do; the copy is unpublished until an organiser checks it."""
        return self.cleaned_data["first_day"]


class SessionAdminForm(forms.ModelForm):
    """A session's form, which says how many people a change of its time or room would tell.

    The organiser sees the count before saving, and may untick the box to tell nobody (a typo
    put right, a change already announced).
    """

    notify_people = forms.BooleanField(
        label=_("Tell the people concerned by email"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and "notify_people" in self.fields:
            count = session_changes.people_concerned(session=self.instance)
            self.fields["notify_people"].help_text = concerned_help(self.instance, count)


def concerned_help(session: Session, count: int) -> str:
    """What the organiser is told before saving: who would hear of a new time or room."""
    if session.kind == Session.Kind.WORKING_GROUP:
        text = ngettext(
            "%(count)s person will be told if you change the time or the room: the working "
            "group's member, in their language, with their updated calendar file.",
            "%(count)s people will be told if you change the time or the room: the working "
            "group's members, each in their language, with their updated calendar file.",
            count,
        )
    else:
        text = ngettext(
            "%(count)s person will be told if you change the time or the room: the person "
            "confirmed for this day, in their language, with their updated calendar file.",
            "%(count)s people will be told if you change the time or the room: those "
            "confirmed for this day, each in their language, with their updated calendar file.",
            count,
        )
    return text % {"count": LocalNumber(count)}
