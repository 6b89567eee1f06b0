"""Invitation letters for organisers: downloaded from a participant's page, emailed, listed."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from wpsevents.admin_lookups import PlainLookupsMixin

from .. import rules
from ..models import Letter, Participant
from ..registration.letters import letter_response
from .actions import run_service


@admin.action(
    description=_("Email the invitation letter (confirmed places only)"), permissions=["change"]
)
def send_letters(modeladmin, request, queryset):
    """Email each selected person their invitation letter; those not confirmed are named."""
    run_service(
        modeladmin,
        request,
        queryset,
        rules.send_letter,
        ngettext_lazy(
            "%(count)s invitation letter queued for sending.",
            "%(count)s invitation letters queued for sending.",
            "count",
        ),
    )


def letter_view(modeladmin, request, object_id):
    """The participant's invitation letter as a PDF, or back to their page with the reason."""
    participant = get_object_or_404(Participant.objects.select_related("event"), pk=object_id)
    if not modeladmin.has_change_permission(request, participant):
        raise PermissionDenied
    try:
        letter = rules.issue_letter(participant=participant)
    except (ValidationError, rules.EventBusy) as error:
        text = " ".join(getattr(error, "messages", [_("The event is busy; try again.")]))
        modeladmin.message_user(request, text, messages.ERROR)
        return redirect("admin:participants_participant_change", participant.pk)
    return letter_response(letter)


def letter_link(participant: Participant) -> str:
    """The participant page's link to their letter, or why there is none."""
    if participant.status != Participant.Status.CONFIRMED:
        return _("Only for a confirmed place.")
    url = reverse("admin:participants_participant_letter", args=[participant.pk])
    return format_html('<a href="{}" id="admin-letter">{}</a>', url, _("Download (PDF)"))


@admin.register(Letter)
class LetterAdmin(PlainLookupsMixin, admin.ModelAdmin):
    """Who has an invitation letter, since when, and its verification page."""

    list_display = ["reference", "participant", "event", "status", "issued_at", "verification_page"]
    list_filter = ["participant__event", "participant__status"]
    list_select_related = ["participant__event"]
    search_fields = ["participant__reference", "participant__family_name"]
    fields = ["participant", "issued_at", "verification_page"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("event"), ordering="participant__event")
    def event(self, letter):
        return letter.participant.event

    @admin.display(description=_("status"), ordering="participant__status")
    def status(self, letter):
        return letter.participant.get_status_display()

    @admin.display(description=_("verification page"))
    def verification_page(self, letter):
        return format_html('<a href="{}">{}</a>', letter.get_absolute_url(), _("Verify"))
