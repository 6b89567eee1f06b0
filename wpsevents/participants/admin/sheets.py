"""The day's sign-in sheets, printed from the participant list by organisers."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wpsevents.events.models import Event

from ..door.sheets import Order, render_sign_in_sheet_pdf
from ..models import CheckIn
from .forms import featured_event

# Who may print the sheets: they list everyone's name and organisation, so check-in staff,
# who may only look people up one at a time, may not.
SHEET_PERMISSION = "participants.change_participant"


class SignInSheetForm(forms.Form):
    """Which sheet to print: the event, the day and the order of the rows."""

    event = forms.ModelChoiceField(
        label=_("Event"), queryset=Event.objects.all(), initial=featured_event
    )
    day = forms.TypedChoiceField(
        label=pgettext_lazy("sign-in sheet", "Day"), choices=CheckIn.Day.choices, coerce=int
    )
    order = forms.ChoiceField(
        label=pgettext_lazy("sign-in sheet", "Order"),
        choices=[
            (Order.FAMILY_NAME, pgettext_lazy("sign-in sheet", "By family name")),
            (Order.ORGANISATION, pgettext_lazy("sign-in sheet", "Grouped by organisation")),
        ],
    )


def sign_in_sheet_view(modeladmin, request):
    """The form choosing a sheet, then the sheet itself as a PDF download."""
    if not request.user.has_perm(SHEET_PERMISSION):
        raise PermissionDenied
    form = SignInSheetForm(request.GET if "day" in request.GET else None)
    if form.is_valid():
        event, day = form.cleaned_data["event"], form.cleaned_data["day"]
        pdf = render_sign_in_sheet_pdf(event, day, form.cleaned_data["order"])
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = f"sign-in-sheet-{event.slug}-day-{day}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": pgettext_lazy("sign-in sheet", "Sign-in sheets"),
        "form": form,
    }
    return TemplateResponse(request, "admin/participants/participant/sign_in_sheets.html", context)
