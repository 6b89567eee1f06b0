"""Organisers manage registrations here; every change of status goes through the rules."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from wpsevents.admin_lookups import PlainLookupsMixin
from wpsevents.khmer import LocalNumber
from wpsevents.quick_select import QuickActionForm, QuickSelectsMixin

from .. import rules
from ..mail.delivery import retry_email
from ..models import ORGANISER_FIELDS, CheckIn, OutgoingEmail, Participant
from . import actions
from .attendance import checkin_history
from .closeout import close_out_view
from .columns import QuickCellsMixin, boolean_icon, country_names
from .filters import (
    CheckedInDay1Filter,
    CheckedInDay2Filter,
    CountryFilter,
    DayFilter,
    HeldNetworkFilter,
    WorkingGroupFilter,
)
from .forms import (
    ParticipantAdminForm,
    ParticipantConfirmImportForm,
    ParticipantImportForm,
    featured_event,
    import_options,
)
from .importing import ParticipantImportResource
from .layout import ADD_FIELDSETS, FIELDSETS, READONLY_FIELDS
from .letters import letter_link, letter_view, send_letters
from .messaging import message_participants
from .privacy import PrivacyActionsMixin
from .sheets import SHEET_PERMISSION, sign_in_sheet_view

REFUSED = "_participant_change_refused"


@admin.register(Participant)
class ParticipantAdmin(
    QuickCellsMixin,
    QuickSelectsMixin,
    PlainLookupsMixin,
    PrivacyActionsMixin,
    ImportMixin,
    SimpleHistoryAdmin,
):
    """The register of participants: filter, act through the rules, import, export."""

    form = ParticipantAdminForm
    action_form = QuickActionForm
    # What organisers look for first comes first: on a laptop the last columns scroll.
    list_display = [
        "reference",
        "full_name",
        "status",
        "checked_in_day_1",
        "checked_in_day_2",
        "organisation",
        "country_name",
        "gender",
        "organisation_type",
        "days",
        "attendance_mode",
        "working_group_title",
        "created_at",
    ]
    list_display_links = ["reference", "full_name"]
    list_filter = [
        "status",
        "organisation_type",
        CountryFilter,
        "gender",
        DayFilter,
        "attendance_mode",
        WorkingGroupFilter,
        "needs_interpretation",
        CheckedInDay1Filter,
        CheckedInDay2Filter,
        "source",
        HeldNetworkFilter,
        ("created_at", admin.DateFieldListFilter),
        "event",
    ]
    search_fields = [
        "reference",
        "given_name",
        "family_name",
        "name_khmer",
        "email",
        "organisation",
    ]
    list_select_related = ["working_group"]
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = READONLY_FIELDS
    fieldsets = FIELDSETS
    actions = [
        actions.confirm,
        actions.decline,
        actions.waitlist,
        actions.cancel,
        actions.cancel_held,
        actions.reinstate,
        actions.resend_confirmation,
        send_letters,
        actions.check_in_day_1,
        actions.check_in_day_2,
        message_participants,
        actions.export_csv,
        actions.export_xlsx,
        actions.print_badges,
        "download_personal_data",
        "delete_personal_data",
    ]
    import_export_change_list_template = "admin/participants/participant/change_list.html"
    import_template_name = "admin/participants/participant/import.html"
    resource_classes = [ParticipantImportResource]
    import_form_class = ParticipantImportForm
    confirm_form_class = ParticipantConfirmImportForm
    import_error_display = ("message", "row")
    history_list_display = ["status"]
    object_history_template = "admin/participants/participant/object_history.html"

    def get_queryset(self, request):
        checkins = CheckIn.objects.live().filter(participant=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                is_in_day_1=Exists(checkins.filter(day=1)),
                is_in_day_2=Exists(checkins.filter(day=2)),
            )
        )

    def has_view_permission(self, request, obj=None):
        # Check-in staff may look a person up at the door, but not browse the register.
        return self.has_change_permission(request, obj)

    def has_import_permission(self, request):
        return self.has_add_permission(request)

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if obj else ADD_FIELDSETS

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        featured = featured_event()
        if featured is not None:
            initial.setdefault("event", featured.pk)
        return initial

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            *self.readonly_fields,
            "event",
            "email_history",
            "checkin_history",
            "invitation_letter",
        ]

    @admin.display(description=_("name"), ordering="family_name")
    def full_name(self, participant):
        return participant.full_name

    @admin.display(description=_("country"), ordering="country")
    def country_name(self, participant):
        # the field's own display looks the code up among 250 choices on every row, and
        # the field's Country object translates its name on each call
        # (the raw code is what the row holds; the descriptor would build a Country from it)
        code = participant.__dict__.get("country") or participant.country.code
        return country_names().get(code, "")

    @admin.display(description=_("working group"), ordering="working_group__title")
    def working_group_title(self, participant):
        # the session's own name starts with its time, which the list has no room for
        group = participant.working_group
        return group.title if group else None

    # The icon Django draws for boolean=True, looked up once (see `columns`).
    @admin.display(description=_("Day 1"), ordering="is_in_day_1")
    def checked_in_day_1(self, participant):
        return boolean_icon(participant.is_in_day_1)

    @admin.display(description=_("Day 2"), ordering="is_in_day_2")
    def checked_in_day_2(self, participant):
        return boolean_icon(participant.is_in_day_2)

    @admin.display(description=_("emails"))
    def email_history(self, participant):
        rows = participant.emails.order_by("-created_at")[:20]
        return (
            "\n".join(
                f"{localtime(e.created_at):%Y-%m-%d %H:%M} · {e.get_kind_display()} · "
                f"{e.get_status_display()}"
                for e in rows
            )
            or "—"
        )

    @admin.display(description=_("invitation letter"))
    def invitation_letter(self, participant):
        return letter_link(participant)

    @admin.display(description=_("check-ins"))
    def checkin_history(self, participant):
        return "\n".join(checkin_history(participant)) or "—"

    def save_model(self, request, obj, form, change):
        """Adding and editing go through the rules; a refusal is shown, nothing saved."""
        try:
            if change:
                data = {f: form.cleaned_data[f] for f in form.changed_data}
                with rules.noting_promotions() as promoted:
                    rules.update_registration(participant=obj, data=data, fields=ORGANISER_FIELDS)
                actions.tell_promotions(self, request, len(promoted))
            else:
                added = rules.add_participant_by_organiser(
                    event=form.cleaned_data["event"],
                    data={f: v for f, v in form.cleaned_data.items() if f in ORGANISER_FIELDS},
                    send_invitation=form.cleaned_data.get("send_invitation", False),
                )
                obj.pk = added.pk
                obj.refresh_from_db()
        except (ValidationError, rules.EventBusy) as error:
            setattr(request, REFUSED, True)
            text = " ".join(getattr(error, "messages", [_("The event is busy; try again.")]))
            self.message_user(request, text, messages.ERROR)

    def save_related(self, request, form, formsets, change):
        if not getattr(request, REFUSED, False):
            super().save_related(request, form, formsets, change)

    def log_addition(self, request, obj, message):
        if not getattr(request, REFUSED, False):
            return super().log_addition(request, obj, message)
        return None

    def log_change(self, request, obj, message):
        if not getattr(request, REFUSED, False):
            return super().log_change(request, obj, message)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, REFUSED, False):
            return HttpResponseRedirect(request.get_full_path())
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, REFUSED, False):
            return HttpResponseRedirect(request.get_full_path())
        return super().response_change(request, obj)

    def revert_disabled(self, request, obj=None):
        return True  # a past version would change status around the rules

    def render_history_view(self, request, template, context, **kwargs):
        """The history page lists the check-ins and their undoing too, which the rows lack."""
        context["checkin_history"] = checkin_history(context["object"])
        return super().render_history_view(request, template, context, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_import_formats(self):
        return [CSV, XLSX]

    def get_import_resource_kwargs(self, request, **kwargs):
        return import_options(kwargs.get("form"))

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            options = import_options(import_form)
            initial.update({**options, "event": options["event"].pk})
        return initial

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_view)
        sheets = self.admin_site.admin_view(self.sign_in_sheet_view)
        close_out = self.admin_site.admin_view(self.close_out_view)
        letter = self.admin_site.admin_view(self.letter_view)
        return [
            path(
                "close-out/<int:event_id>/",
                close_out,
                name="participants_participant_close_out",
            ),
            path("<path:object_id>/letter.pdf", letter, name="participants_participant_letter"),
            path("export/<str:file_format>/", export, name="participants_participant_export"),
            path("sign-in-sheets/", sheets, name="participants_participant_sign_in_sheets"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        may_print = request.user.has_perm(SHEET_PERMISSION)
        extra_context = {**(extra_context or {}), "may_print_sign_in_sheets": may_print}
        return super().changelist_view(request, extra_context)

    def sign_in_sheet_view(self, request):
        """The day's sign-in sheets, for organisers (see `sheets`)."""
        return sign_in_sheet_view(self, request)

    def close_out_view(self, request, event_id):
        """The close-out of an event after it, for organisers (see `closeout`)."""
        return close_out_view(self, request, event_id)

    def letter_view(self, request, object_id):
        """The participant's invitation letter, for organisers (see `letters`)."""
        return letter_view(self, request, object_id)

    def export_view(self, request, file_format):
        """The list as filtered on screen, as a CSV or Excel file."""
        if not self.has_view_permission(request) or file_format not in ("csv", "xlsx"):
            raise PermissionDenied
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:participants_participant_changelist"))
        return actions.export_response(queryset, file_format)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(PlainLookupsMixin, admin.ModelAdmin):
    """Every email sent or waiting to be sent; failed ones can be retried."""

    list_display = [
        "created_at",
        "kind",
        "participant",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status", "kind", ("created_at", admin.DateFieldListFilter)]
    list_select_related = ["participant"]
    search_fields = ["participant__reference", "recipient"]
    readonly_fields = [
        "participant",
        "delegation",
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
            ngettext("%(count)s email queued again.", "%(count)s emails queued again.", retried)
            % {"count": LocalNumber(retried)},
            messages.SUCCESS,
        )
