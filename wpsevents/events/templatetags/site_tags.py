"""Template helpers for every page: the other language's address, paragraphs, local dates."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

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
    """Text with blank lines between paragraphs as HTML paragraphs, escaped."""
    blocks = [block.strip() for block in (text or "").split("\n\n") if block.strip()]
    # linebreaks() escapes each block itself, so the joined result is safe.
    return mark_safe("\n".join(linebreaks(block, autoescape=True) for block in blocks))
