"""Organisers edit events and their programme here, in English and Khmer."""

from django.contrib import admin
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from wpsevents.admin_lookups import PlainLookupsMixin
from wpsevents.resources.admin import ResourceInline

from . import seat_changes
from .models import Event, Session

# A link typed without a scheme becomes https:// (Django 6's default, chosen now).
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}
# What changes who may have a seat; "capacity" is the event's and each working group's.
SEAT_FIELDS = {"capacity", "requires_approval"}
SEAT_CHANGE = "_seat_change"


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


def _seats_changed_in(form) -> bool:
    return bool(SEAT_FIELDS.intersection(form.changed_data))


class SessionInline(TranslationStackedInline):
    model = Session
    extra = 0
    fields = [
        ("starts_at", "ends_at"),
        "title",
        "kind",
        "room",
        "description",
        "speakers",
        "moderators",
        ("capacity", "order", "is_sample_content"),
    ]
    show_change_link = True


@admin.register(Event)
class EventAdmin(PlainLookupsMixin, TranslationAdmin):
    list_display = [
        "title",
        "starts_at",
        "capacity",
        "is_published",
        "is_featured",
        "is_sample_content",
    ]
    list_editable = ["capacity"]
    list_filter = ["is_published", "is_featured", "requires_approval", "is_sample_content"]
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
                    "requires_approval",
                    "holds_unconfirmed_seats",
                ]
            },
        ),
        (_("Publication"), {"fields": ["is_published", "is_featured", "is_checkin_open"]}),
        (_("Certificates of attendance"), {"fields": ["certificate_signature"]}),
    ]

    def save_formset(self, request, form, formset, change):
        if formset.model is Session:
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
    """The programme's sessions; for each working group, its seats taken and its waitlist."""

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

    def save_related(self, request, form, formsets, change):
        """A working group's seats changed: its event's waitlist moves."""
        super().save_related(request, form, formsets, change)
        if change and _seats_changed_in(form):
            _note_seat_change(request, seat_changes.seats_changed(event=form.instance.event))
            _tell_seat_change(self, request)

    def delete_model(self, request, obj):
        """A deleted working group's members move to no group, and the waitlist moves."""
        _note_seat_change(request, seat_changes.working_group_removed(session=obj))
        super().delete_model(request, obj)
        _tell_seat_change(self, request)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for session in queryset.select_related("event"):
            _note_seat_change(request, seat_changes.working_group_removed(session=session))
        super().delete_queryset(request, queryset)
        _tell_seat_change(self, request)
