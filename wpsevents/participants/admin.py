"""Organisers manage registrations here; every change of status goes through the services."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import CheckIn, OutgoingEmail, Participant
from .tasks import retry_email


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in")
    parameter_name = "checked_in"

    def lookups(self, request, model_admin):
        return [("1", _("Day 1")), ("2", _("Day 2")), ("none", _("Not yet"))]

    def queryset(self, request, queryset):
        if self.value() in ("1", "2"):
            return queryset.filter(checkins__day=int(self.value()))
        if self.value() == "none":
            return queryset.filter(checkins__isnull=True)
        return queryset


def _run_service(modeladmin, request, queryset, service, done_message, **kwargs):
    """Apply a service to each selected participant; report successes and refusals."""
    done = 0
    for participant in queryset.select_related("event", "working_group"):
        try:
            service(participant=participant, **kwargs)
            done += 1
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{participant}: {' '.join(error.messages)}", messages.WARNING
            )
        except services.EventBusy:
            modeladmin.message_user(request, _("The event is busy; try again."), messages.ERROR)
            break
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "full_name",
        "organisation",
        "country",
        "gender",
        "organisation_type",
        "days",
        "status",
        "checked_in_day_1",
        "checked_in_day_2",
        "created_at",
    ]
    list_display_links = ["reference", "full_name"]
    list_filter = [
        "event",
        "status",
        "organisation_type",
        "gender",
        "days",
        "attendance_mode",
        "needs_interpretation",
        CheckedInFilter,
        "country",
        "source",
    ]
    search_fields = [
        "reference",
        "given_name",
        "family_name",
        "name_khmer",
        "email",
        "organisation",
    ]
    date_hierarchy = "created_at"
    list_select_related = ["event"]
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = [
        "reference",
        "status",
        "source",
        "created_at",
        "updated_at",
        "status_changed_at",
        "confirmed_at",
        "waitlisted_at",
        "cancelled_at",
    ]
    fieldsets = [
        (None, {"fields": ["event", "reference", "status", "source"]}),
        (
            _("Person"),
            {
                "fields": [
                    "salutation",
                    ("given_name", "family_name"),
                    "name_khmer",
                    "email",
                    "phone",
                    "gender",
                    "language",
                ]
            },
        ),
        (
            _("Organisation"),
            {"fields": ["organisation", "position", "organisation_type", "country"]},
        ),
        (
            _("Participation"),
            {
                "fields": [
                    "days",
                    "attendance_mode",
                    "working_group",
                    "needs_interpretation",
                    "dietary_requirements",
                    "accessibility_needs",
                ]
            },
        ),
        (_("Consent"), {"fields": ["consents_to_data_processing", "consents_to_photography"]}),
        (
            _("History"),
            {
                "fields": [
                    "created_at",
                    "updated_at",
                    "status_changed_at",
                    "confirmed_at",
                    "waitlisted_at",
                    "cancelled_at",
                ]
            },
        ),
    ]
    actions = [
        "confirm",
        "decline",
        "waitlist",
        "cancel",
        "resend_confirmation",
        "check_in_day_1",
        "check_in_day_2",
    ]

    def get_queryset(self, request):
        checkins = CheckIn.objects.filter(participant=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                is_in_day_1=Exists(checkins.filter(day=1)),
                is_in_day_2=Exists(checkins.filter(day=2)),
            )
        )

    def has_add_permission(self, request):
        return False  # registrations arrive through the form or an import, under the rules

    @admin.display(boolean=True, description=_("Day 1"), ordering="is_in_day_1")
    def checked_in_day_1(self, participant):
        return participant.is_in_day_1

    @admin.display(boolean=True, description=_("Day 2"), ordering="is_in_day_2")
    def checked_in_day_2(self, participant):
        return participant.is_in_day_2

    @admin.action(description=_("Confirm or approve (if a seat is free)"), permissions=["change"])
    def confirm(self, request, queryset):
        _run_service(self, request, queryset, _confirm_or_approve, _("%(count)d confirmed."))

    @admin.action(description=_("Decline"), permissions=["change"])
    def decline(self, request, queryset):
        _run_service(
            self, request, queryset, services.decline_participant, _("%(count)d declined.")
        )

    @admin.action(description=_("Move to the waitlist"), permissions=["change"])
    def waitlist(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            services.move_to_waitlist,
            _("%(count)d moved to the waitlist."),
        )

    @admin.action(description=_("Cancel (the waitlist moves up)"), permissions=["change"])
    def cancel(self, request, queryset):
        _run_service(
            self, request, queryset, services.cancel_registration, _("%(count)d cancelled.")
        )

    @admin.action(description=_("Send the confirmation email again"), permissions=["change"])
    def resend_confirmation(self, request, queryset):
        _run_service(
            self, request, queryset, services.resend_confirmation, _("%(count)d emails queued.")
        )

    @admin.action(description=_("Mark present on day 1"), permissions=["change"])
    def check_in_day_1(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            services.check_in,
            _("%(count)d checked in."),
            day=1,
            by=request.user,
        )

    @admin.action(description=_("Mark present on day 2"), permissions=["change"])
    def check_in_day_2(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            services.check_in,
            _("%(count)d checked in."),
            day=2,
            by=request.user,
        )


def _confirm_or_approve(*, participant):
    if participant.status == Participant.Status.PENDING:
        return services.approve_participant(participant=participant)
    return services.confirm_participant(participant=participant)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "participant",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["participant"]
    search_fields = ["participant__reference", "recipient"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "participant",
        "kind",
        "recipient",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry sending"), permissions=["change"])
    def retry(self, request, queryset):
        retried = 0
        for message in queryset.exclude(status=OutgoingEmail.Status.SENT):
            retry_email(message)
            retried += 1
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", retried)
            % {"count": retried},
            messages.SUCCESS,
        )
