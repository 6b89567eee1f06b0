"""Organisers attach documents, links and recordings to events and sessions here."""

from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from wpsevents.admin_lookups import PlainLookupsMixin

from .models import Resource

# A link typed without a scheme becomes https:// (Django 6's default, chosen now).
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}


class ResourceInline(TranslationTabularInline):
    """An event's resources; each may belong to one of that event's sessions."""

    model = Resource
    extra = 0
    formfield_overrides = HTTPS_LINKS
    fields = ["title", "kind", "session", "file", "url", "language", "is_key", "is_published"]
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        session = formset.form.base_fields.get("session")
        if session is not None:
            # Only this event's sessions: a new event has none saved yet.
            sessions = session.queryset
            session.queryset = sessions.filter(event=obj) if obj else sessions.none()
            # The line stays short: sessions are added and changed in the programme above.
            for can in ("add", "change", "delete", "view"):
                setattr(session.widget, f"can_{can}_related", False)
        return formset


@admin.register(Resource)
class ResourceAdmin(PlainLookupsMixin, TranslationAdmin):
    list_display = [
        "title",
        "event",
        "session",
        "kind",
        "language",
        "is_key",
        "is_published",
        "is_sample_content",
    ]
    list_filter = ["event", "kind", "language", "is_published", "is_key"]
    list_select_related = ["event", "session"]
    search_fields = ["title", "description", "url"]
    autocomplete_fields = ["session"]
    formfield_overrides = HTTPS_LINKS
