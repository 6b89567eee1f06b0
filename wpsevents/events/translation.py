"""Content fields organisers write in English and Khmer (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Event, Session


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "summary",
        "description",
        "highlights_title",
        "highlights",
        "venue_name",
        "venue_address",
        "organisers",
        "signatory_name",
        "signatory_title",
    )
    required_languages = ("en",)


@register(Session)
class SessionTranslationOptions(TranslationOptions):
    fields = ("title", "description", "room", "speakers", "moderators")
    required_languages = ("en",)
