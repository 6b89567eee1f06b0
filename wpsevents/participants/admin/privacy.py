"""Admin actions for requests about personal data: a copy as JSON, or deletion."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wpsevents.admin_lookups import PlainLookupsMixin
from wpsevents.khmer import LocalNumber

from .. import privacy, rules
from ..models import PurgeRecord
from ..rules import EventBusy
from .actions import tell_promotions

CONFIRM_TEMPLATE = "admin/participants/participant/delete_personal_data.html"


class PrivacyActionsMixin:
    """Adds "Download personal data (JSON)" and "Delete personal data" to a participant admin."""

    def get_actions(self, request):
        """Without Django's bulk delete: deleting must also free seats and forget the history."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        """The change page's Delete button removes a person as "Delete personal data" does."""
        with rules.noting_promotions() as promoted:
            privacy.delete_personal_data(participant=obj)
        tell_promotions(self, request, len(promoted))

    @admin.action(description=_("Download personal data (JSON)"), permissions=["view"])
    def download_personal_data(self, request, queryset):
        """Everything held about the selected people, as a JSON file to send on request."""
        participants = list(queryset.select_related("event", "working_group"))
        name = participants[0].reference if len(participants) == 1 else "participants"
        response = HttpResponse(
            privacy.personal_data_json(participants),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="personal-data-{name}.json"'
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Delete personal data"), permissions=["delete"])
    def delete_personal_data(self, request, queryset):
        """After a confirmation page, delete the selected people and all that is attached."""
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                CONFIRM_TEMPLATE,
                {
                    **self.admin_site.each_context(request),
                    "title": _("Delete personal data"),
                    "participants": queryset,
                    "opts": self.model._meta,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        deleted, promoted = 0, 0
        for participant in queryset:
            try:
                with rules.noting_promotions() as noted:
                    privacy.delete_personal_data(participant=participant, by=request.user)
            except EventBusy:
                self.message_user(request, _("The event is busy; try again."), messages.ERROR)
                break
            deleted += 1
            promoted += len(noted)
        self.message_user(
            request,
            ngettext(
                "The personal data of %(count)s participant was deleted.",
                "The personal data of %(count)s participants was deleted.",
                deleted,
            )
            % {"count": LocalNumber(deleted)},
            messages.SUCCESS,
        )
        tell_promotions(self, request, promoted)
        return None


@admin.register(PurgeRecord)
class PurgeRecordAdmin(PlainLookupsMixin, admin.ModelAdmin):
    """Each time an event's personal data was purged: a record to read, never to edit."""

    list_display = ["event", "ran_at", "ran_by", "older_than_days", "participants_anonymised"]
    list_filter = ["event"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
