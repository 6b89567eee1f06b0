"""Template helpers for every page: the other language's address, paragraphs, fallback text."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def page_in_language(context, language: str) -> str:
    """This page's address in another language (the switcher and hreflang links)."""
    request = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.path, language)


@register.simple_tag(takes_context=True)
def absolute_page_in_language(context, language: str) -> str:
    """This page's full public address in a language, from SITE_URL (canonical, hreflang)."""
    return settings.SITE_URL + page_in_language(context, language)


@register.filter
def paragraphs(text: str):
    """Text with blank lines between paragraphs as HTML paragraphs, escaped.

    Browsers send a textarea's line breaks as CRLF: they count as plain line breaks here.
    """
    text = normalize_newlines(text or "")
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    # linebreaks() escapes each block itself, so the joined result is safe.
    return mark_safe("\n".join(linebreaks(block, autoescape=True) for block in blocks))


@register.simple_tag
def lang_if_fallback(instance, field: str) -> str:
    """` lang="en"` where a Khmer page shows English text because the Khmer text is missing.

    Content falls back to English (modeltranslation); screen readers then need to know to read
    those words as English.
    """
    language = fallback_language(instance, field)
    return format_html(' lang="{}"', language) if language else ""


def fallback_language(instance, field: str) -> str:
    """The language `field` is shown in when it falls back from the page's, else ""."""
    language = get_language()
    if language == settings.LANGUAGE_CODE or getattr(instance, f"{field}_{language}", None):
        return ""
    if not getattr(instance, f"{field}_{settings.LANGUAGE_CODE}", None):
        return ""
    return settings.LANGUAGE_CODE


@register.simple_tag
def fallback_text(instance, field: str, value=None) -> str:
    """The field's text (or `value`), in <span lang="en"> when it stands in for missing Khmer."""
    shown = getattr(instance, field) if value is None else value
    lang = lang_if_fallback(instance, field)
    return format_html("<span{}>{}</span>", lang, shown) if lang else conditional_escape(shown)
