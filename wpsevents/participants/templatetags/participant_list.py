"""The participant list's table, drawn by `admin.rows` rather than cell by cell."""

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from ..admin.rows import quick_result_list
from ..admin.sidebar import quick_list_filter

register = template.Library()


@register.tag(name="participant_result_list")
def participant_result_list_tag(parser, token):
    """Like Django's `result_list` tag, with the same template, and rows drawn in one pass."""
    return InclusionAdminNode(
        parser,
        token,
        func=quick_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )


@register.simple_tag
def participant_list_filter(cl, spec):
    """Like Django's `admin_list_filter`: one filter of the sidebar, without its template."""
    return quick_list_filter(cl, spec)
