"""Content fields organisers write in English and Khmer (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Resource


@register(Resource)
class ResourceTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en",)
