"""Organisers edit events and their programme here, in English and Khmer."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from wpsevents.admin_lookups import PlainLookupsMixin
from wpsevents.resources.admin import ResourceInline

from .models import Event, Session

# A link typed without a scheme becomes https:// (Django 6's default, chosen now).
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}


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
    ]


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
