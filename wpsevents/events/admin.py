"""Organisers edit events and their programme here, in English and Khmer."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models, transaction
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from wpsevents.admin_lookups import PlainLookupsMixin
from wpsevents.khmer import LocalNumber
from wpsevents.resources.admin import ResourceInline

from . import seat_changes, session_changes
from .admin_forms import (
    DuplicateEventForm,
    EventAdminForm,
    SessionAdminForm,
    datetime_help,
    khmer_gaps,
    slug_help,
)
from .admin_notices import NOTIFY, notifies, tell_cancelled, tell_programme_changes, tell_told
from .duplication import duplicate_event
from .models import Event, Session

# A link typed without a scheme becomes https:// (Django 6's default, chosen now).
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}
# What changes who may have a seat; "capacity" is the event's and each working group's.
SEAT_FIELDS = {"capacity", "registration_mode"}
SEAT_CHANGE = "_seat_change"
SAMPLE = "is_sample_content"  # set by the demo loader only; organisers untick it


def _note_seat_change(request, change: seat_changes.SeatChange) -> None:
    """Keep what a change of seats did, to tell the organiser once the whole form is saved."""
    earlier = getattr(request, SEAT_CHANGE, None)
    setattr(request, SEAT_CHANGE, earlier.then(change) if earlier else change)


def _tell_seat_change(modeladmin, request) -> None:
    """Tell the organiser what the seats they changed did to the registrations."""
    change = getattr(request, SEAT_CHANGE, None)
    if change is not None:
        delattr(request, SEAT_CHANGE)
        for level, text in seat_changes.describe(change):
            modeladmin.message_user(request, text, level)


def _without(fields, name):
    return [field for field in fields if field != name]


def _titles(events) -> str:
    return ", ".join(f"“{event}”" for event in events)


def _seats_changed_in(form) -> bool:
    return bool(SEAT_FIELDS.intersection(form.changed_data))


class SessionInline(TranslationTabularInline):
    """An event's programme, one line a session; its full form has the rest."""

    model = Session
    extra = 0
    fields = ["starts_at", "ends_at", "title", "kind", "room", "capacity", "told_if_moved"]
    readonly_fields = ["told_if_moved"]
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        # One count for the whole programme, read by each line's column.
        self.concerned = session_changes.people_concerned_by_each(event=obj) if obj else {}
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description=_("told if it moves"))
    def told_if_moved(self, session):
        return self.concerned.get(session.pk, "") if session.pk else ""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return datetime_help(db_field, super().formfield_for_dbfield(db_field, request, **kwargs))


@admin.register(Event)
class EventAdmin(PlainLookupsMixin, TranslationAdmin):
    """Events, with their programme and resources, and what is still missing in Khmer."""

    form = EventAdminForm
    list_display = [
        "title",
        "starts_at",
        "capacity",
        "is_published",
        "is_featured",
        "khmer_complete",
        "is_sample_content",
    ]
    actions = ["duplicate", "close_registration", "open_registration"]
    readonly_fields = ["khmer_missing"]
    list_editable = ["capacity"]
    list_filter = ["is_published", "is_featured", "registration_mode", "is_sample_content"]
    search_fields = ["title", "slug", "venue_name"]
    prepopulated_fields = {"slug": ["title_en"]}
    date_hierarchy = "starts_at"
    save_on_top = True
    formfield_overrides = HTTPS_LINKS
    inlines = [SessionInline, ResourceInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "is_sample_content"]}),
        (_("Highlights"), {"fields": ["highlights_title", "highlights"]}),
        (
            _("When and where"),
            {
                "fields": [
                    ("starts_at", "ends_at"),
                    "venue_name",
                    "venue_address",
                    "map_url",
                    "organisers",
                    "offers_online_attendance",
                    "livestream_url",
                ]
            },
        ),
        (
            _("Registration"),
            {
                "fields": [
                    ("registration_opens_at", "registration_closes_at"),
                    "capacity",
                    "registration_mode",
                    "invitation_contact",
                    "holds_unconfirmed_seats",
                ]
            },
        ),
        (_("Publication"), {"fields": ["is_published", "is_featured", "is_checkin_open"]}),
        (
            _("Invitation letters and certificates"),
            {
                "fields": [
                    "letterhead",
                    "signatory_name",
                    "signatory_title",
                    "certificate_signature",
                ]
            },
        ),
        (_("Khmer"), {"fields": ["khmer_missing"]}),
        (_("Programme changes"), {"fields": [NOTIFY]}),
    ]

    def get_queryset(self, request):
        sessions = Prefetch("sessions", queryset=Session.objects.order_by())
        return super().get_queryset(request).prefetch_related(sessions, "resources")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # no texts to check for Khmer yet, no programme to tell people of
            fieldsets = [
                (n, o) for n, o in fieldsets if o["fields"] not in (["khmer_missing"], [NOTIFY])
            ]
        if obj is None or not obj.is_sample_content:  # only the loaded demo has the box
            fieldsets = [(n, {**o, "fields": _without(o["fields"], SAMPLE)}) for n, o in fieldsets]
        return fieldsets

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug" and formfield is not None:
            formfield.help_text = slug_help()
        return datetime_help(db_field, formfield)

    @admin.display(description=_("Khmer complete"), boolean=True)
    def khmer_complete(self, event):
        return not khmer_gaps(event)

    @admin.display(description=_("texts without Khmer"))
    def khmer_missing(self, event):
        gaps = khmer_gaps(event)
        if not gaps:
            return _("Every text has its Khmer version.")
        return "; ".join(gaps) + ". " + _("Saving is allowed; the Khmer page shows English there.")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """A form shown again after a failed save says which chosen files to choose again."""
        if request.method == "POST" and request.FILES:
            names = ", ".join(f"“{upload.name}”" for upload in request.FILES.values())
            again = _(
                "Not saved yet, so the files you chose were not kept: choose %(names)s again "
                "after correcting the errors."
            )
            self.message_user(request, again % {"names": names}, messages.WARNING)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        """Featuring an event un-features the one featured before, in the same save."""
        if obj.is_featured:
            before = list(Event.objects.filter(is_featured=True).exclude(pk=obj.pk))
            for other in before:
                other.is_featured = False
                other.save(update_fields=["is_featured", "updated_at"])
                message = _("“%(title)s” is no longer featured: “%(new)s” is now.")
                self.message_user(request, message % {"title": other, "new": obj})
        super().save_model(request, obj, form, change)
        if not obj.livestream_url and obj.offers_online_attendance:
            warning = _(
                "Online attendance is offered but there is no livestream link yet: registrants "
                "are told the link will follow. Add it before the event."
            )
            self.message_user(request, warning, messages.WARNING)

    @admin.action(description=_("Close registration now"))
    def close_registration(self, request, queryset):
        now = timezone.now()
        for event in queryset:
            if event.registration_opens_at and event.registration_opens_at >= now:
                event.registration_opens_at = None
            event.registration_closes_at = now
            event.save()
        self.message_user(request, _("Registration closed for: %s.") % _titles(queryset))

    @admin.action(description=_("Open registration now"))
    def open_registration(self, request, queryset):
        now = timezone.now()
        held = [event for event in queryset if event.is_held]
        for event in queryset:
            if event.is_held:
                continue
            event.registration_opens_at = None
            if event.registration_closes_at and event.registration_closes_at <= now:
                event.registration_closes_at = None
            event.save()
        opened = [event for event in queryset if not event.is_held]
        if opened:
            self.message_user(request, _("Registration open for: %s.") % _titles(opened))
        if held:
            refused = _("These events are over; registration stays closed: %s.")
            self.message_user(request, refused % _titles(held), messages.WARNING)

    @admin.action(description=_("Duplicate event"))
    def duplicate(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one event to duplicate."), messages.WARNING)
            return None
        event = queryset.get()
        form = DuplicateEventForm(request.POST if "first_day" in request.POST else None)
        if form.is_valid():
            twin = duplicate_event(event=event, first_day=form.cleaned_data["first_day"])
            count = twin.sessions.count()
            done = ngettext(
                "“%(title)s” copied with %(count)s session; the copy is not published.",
                "“%(title)s” copied with %(count)s sessions; the copy is not published.",
                count,
            )
            self.message_user(request, done % {"title": event, "count": LocalNumber(count)})
            return redirect(reverse("admin:events_event_change", args=[twin.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Duplicate “%s”") % event,
            "event": event,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/events/event/duplicate.html", context)

    def save_formset(self, request, form, formset, change):
        """Sessions moved or deleted in the programme tell their people, if chosen; deleted
        working groups' members move to no group."""
        if formset.model is not Session:
            super().save_formset(request, form, formset, change)
            return
        with tell_programme_changes(self, request, formset, notify=form.cleaned_data.get(NOTIFY)):
            for doomed in formset.deleted_forms:
                if doomed.instance.pk is not None:
                    removed = seat_changes.working_group_removed(session=doomed.instance)
                    _note_seat_change(request, removed)
            super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        """Once the event and its sessions are saved, changed seats move the waitlist."""
        super().save_related(request, form, formsets, change)
        sessions = [f for formset in formsets if formset.model is Session for f in formset]
        if change and (
            _seats_changed_in(form) or any(_seats_changed_in(f) for f in sessions if f.instance.pk)
        ):
            _note_seat_change(request, seat_changes.seats_changed(event=form.instance))
        _tell_seat_change(self, request)


@admin.register(Session)
class SessionAdmin(PlainLookupsMixin, TranslationAdmin):
    """The programme's sessions; for each working group, its seats taken and its waitlist.

    Moving a session or deleting it tells the people it concerns, unless the organiser, shown
    how many they are, chooses not to.
    """

    form = SessionAdminForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return datetime_help(db_field, super().formfield_for_dbfield(db_field, request, **kwargs))

    list_display = [
        "title",
        "event",
        "starts_at",
        "kind",
        "room",
        "group_seats_taken",
        "capacity",
        "group_waitlist",
        "is_sample_content",
    ]
    list_editable = ["capacity"]
    list_filter = ["event", "kind", "is_sample_content"]
    list_select_related = ["event"]
    search_fields = ["title", "speakers", "moderators", "room"]
    date_hierarchy = "starts_at"

    def get_queryset(self, request):
        return super().get_queryset(request).with_seats_taken()

    @admin.display(description=_("seats taken"), ordering="seats_taken")
    def group_seats_taken(self, session):
        # Only working groups are chosen; other sessions have no seats of their own to count.
        return session.seats_taken if session.kind == Session.Kind.WORKING_GROUP else None

    @admin.display(description=_("waiting"), ordering="waitlist_length")
    def group_waitlist(self, session):
        return session.waitlist_length if session.kind == Session.Kind.WORKING_GROUP else None

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if obj is not None else _without(fields, NOTIFY)

    def save_model(self, request, obj, form, change):
        """A session given another time or room: the people concerned are told, if chosen."""
        before = Session.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if before is not None and session_changes.has_moved(obj, before):
            if form.cleaned_data.get(NOTIFY):
                told = session_changes.session_moved(session=obj, before=before)
                tell_told(self, request, told)
            else:
                self.message_user(request, _("Nobody was told of the change, as you chose."))

    def delete_view(self, request, object_id, extra_context=None):
        """The confirmation says how many people will be told, and offers not to tell them.

        The choice is in the page's address, which Django's confirmation form posts to.
        """
        session = self.get_object(request, unquote(object_id))
        if session is not None:
            extra_context = {
                **(extra_context or {}),
                "people_concerned": session_changes.people_concerned(session=session),
                "notify": notifies(request),
            }
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        """Count, for the confirmation of a deletion of several, the notices it will send.

        Deleting several always tells: to tell nobody, an organiser deletes from a session's page.
        """
        counts = (session_changes.people_concerned(session=session) for session in objs)
        request.people_concerned = sum(counts)
        return super().get_deleted_objects(objs, request)

    def save_related(self, request, form, formsets, change):
        """A working group's seats changed: its event's waitlist moves."""
        super().save_related(request, form, formsets, change)
        if change and _seats_changed_in(form):
            _note_seat_change(request, seat_changes.seats_changed(event=form.instance.event))
            _tell_seat_change(self, request)

    def delete_model(self, request, obj):
        """A deleted session is cancelled for those it concerns, who are told if so chosen.

        A deleted working group's members move to no group, and the waitlist moves.
        """
        tell_cancelled(self, request, [obj], notify=notifies(request))
        _note_seat_change(request, seat_changes.working_group_removed(session=obj))
        super().delete_model(request, obj)
        _tell_seat_change(self, request)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        sessions = list(queryset.select_related("event"))
        tell_cancelled(self, request, sessions, notify=True)
        for session in sessions:
            _note_seat_change(request, seat_changes.working_group_removed(session=session))
        super().delete_queryset(request, queryset)
        _tell_seat_change(self, request)
