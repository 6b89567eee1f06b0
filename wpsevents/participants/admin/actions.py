"""The participant list's actions: each calls a service, so the rules and emails stay one."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from wpsevents.events.seat_changes import SeatChange, describe
from wpsevents.khmer import LocalNumber

from .. import rules
from ..door import badges
from ..models import Participant
from . import exports

# First come, first served: the waitlist's own order, then the order of registration.
IN_ARRIVAL_ORDER = (Coalesce("waitlisted_at", "created_at"), "created_at", "pk")


def run_service(modeladmin, request, queryset, service, done_message=None, **kwargs):
    """Apply a service to each selected participant, first come first served.

    Refusals are reported person by person; successes with `done_message`, or by the caller
    from the participants returned.
    """
    done, promoted = [], 0
    people = queryset.select_related("event", "working_group").order_by(*IN_ARRIVAL_ORDER)
    for participant in people:
        try:
            with rules.noting_promotions() as noted:
                done.append(service(participant=participant, **kwargs))
            promoted += len(noted)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{participant}: {' '.join(error.messages)}", messages.WARNING
            )
        except rules.EventBusy:
            modeladmin.message_user(request, _("The event is busy; try again."), messages.ERROR)
            break
    if done and done_message:
        modeladmin.message_user(
            request, done_message % {"count": LocalNumber(len(done))}, messages.SUCCESS
        )
    tell_promotions(modeladmin, request, promoted)
    return done


def tell_promotions(modeladmin, request, promoted: int) -> None:
    """Tell the organiser how many people waiting were given a seat by what they did."""
    for level, text in describe(SeatChange(promoted=promoted)):
        modeladmin.message_user(request, text, level)


def _confirm_or_approve(*, participant):
    if participant.status == Participant.Status.PENDING:
        return rules.approve_participant(participant=participant)
    return rules.confirm_participant(participant=participant)


@admin.action(description=_("Confirm or approve (if a seat is free)"), permissions=["change"])
def confirm(modeladmin, request, queryset):
    """Give waitlisted or pending people a place while seats last, in the order they came."""
    done = run_service(modeladmin, request, queryset, _confirm_or_approve)
    confirmed = sum(p.status == Participant.Status.CONFIRMED for p in done)
    waiting = len(done) - confirmed
    if confirmed:
        message = ngettext(
            "%(count)s participant confirmed.", "%(count)s participants confirmed.", confirmed
        )
        modeladmin.message_user(
            request, message % {"count": LocalNumber(confirmed)}, messages.SUCCESS
        )
    if waiting:
        message = ngettext(
            "%(count)s participant approved and put on the waitlist: no seat was free.",
            "%(count)s participants approved and put on the waitlist: no seat was free.",
            waiting,
        )
        modeladmin.message_user(
            request, message % {"count": LocalNumber(waiting)}, messages.WARNING
        )


@admin.action(description=_("Decline"), permissions=["change"])
def decline(modeladmin, request, queryset):
    """Decline registrations; seats they held go to the waitlist."""
    run_service(
        modeladmin,
        request,
        queryset,
        rules.decline_participant,
        ngettext_lazy(
            "%(count)s participant declined.", "%(count)s participants declined.", "count"
        ),
    )


@admin.action(description=_("Move to the waitlist"), permissions=["change"])
def waitlist(modeladmin, request, queryset):
    """Move confirmed or pending people to the end of the waitlist."""
    run_service(
        modeladmin,
        request,
        queryset,
        rules.move_to_waitlist,
        ngettext_lazy(
            "%(count)s participant moved to the waitlist.",
            "%(count)s participants moved to the waitlist.",
            "count",
        ),
    )


@admin.action(description=_("Cancel (the waitlist moves up)"), permissions=["change"])
def cancel(modeladmin, request, queryset):
    """Cancel registrations; freed seats go to the first in line, who are told by email."""
    run_service(
        modeladmin,
        request,
        queryset,
        rules.cancel_registration,
        ngettext_lazy(
            "%(count)s registration cancelled.", "%(count)s registrations cancelled.", "count"
        ),
    )


@admin.action(description=_("Cancel the selected held registrations"), permissions=["change"])
def cancel_held(modeladmin, request, queryset):
    """Cancel a burst of held registrations in one go, without emails; seats go to the waitlist.

    Only held registrations are cancelled: anyone else selected is left as they are.
    """
    selected = queryset.count()
    try:
        cancelled = rules.cancel_held_registrations(participants=queryset)
    except rules.EventBusy:
        modeladmin.message_user(request, _("The event is busy; try again."), messages.ERROR)
        return
    message = ngettext(
        "%(count)s held registration cancelled.",
        "%(count)s held registrations cancelled.",
        cancelled,
    )
    modeladmin.message_user(request, message % {"count": LocalNumber(cancelled)}, messages.SUCCESS)
    if selected > cancelled:
        message = ngettext(
            "%(count)s selected registration was not held and has not been changed.",
            "%(count)s selected registrations were not held and have not been changed.",
            selected - cancelled,
        )
        modeladmin.message_user(
            request, message % {"count": LocalNumber(selected - cancelled)}, messages.WARNING
        )


@admin.action(
    description=_("Reinstate (a seat if one is free, otherwise the waitlist)"),
    permissions=["change"],
)
def reinstate(modeladmin, request, queryset):
    """Take back cancelled or declined registrations, telling each person by email."""
    run_service(
        modeladmin,
        request,
        queryset,
        rules.reinstate_participant,
        ngettext_lazy(
            "%(count)s registration reinstated.", "%(count)s registrations reinstated.", "count"
        ),
    )


@admin.action(description=_("Send the confirmation email again"), permissions=["change"])
def resend_confirmation(modeladmin, request, queryset):
    """Queue the registration email again, with a fresh private link."""
    run_service(
        modeladmin,
        request,
        queryset,
        rules.resend_confirmation,
        ngettext_lazy("%(count)s email queued.", "%(count)s emails queued.", "count"),
    )


@admin.action(description=_("Mark present on day 1"), permissions=["change"])
def check_in_day_1(modeladmin, request, queryset):
    """Check the selected people in for day 1, on any date (from a sign-in sheet, say)."""
    run_service(
        modeladmin,
        request,
        queryset,
        rules.check_in,
        ngettext_lazy(
            "%(count)s participant checked in.", "%(count)s participants checked in.", "count"
        ),
        day=1,
        by=request.user,
        at_the_door=False,
    )


@admin.action(description=_("Mark present on day 2"), permissions=["change"])
def check_in_day_2(modeladmin, request, queryset):
    """Check the selected people in for day 2, on any date (from a sign-in sheet, say)."""
    run_service(
        modeladmin,
        request,
        queryset,
        rules.check_in,
        ngettext_lazy(
            "%(count)s participant checked in.", "%(count)s participants checked in.", "count"
        ),
        day=2,
        by=request.user,
        at_the_door=False,
    )


def export_response(queryset, file_format: str):
    """The participants as a CSV (streamed) or Excel file, attendance per day included."""
    filename = exports.export_filename(queryset)
    if file_format == "xlsx":
        return exports.xlsx_response(queryset, filename)
    return exports.csv_response(queryset, filename)


@admin.action(description=_("Export the selected to CSV"), permissions=["view"])
def export_csv(modeladmin, request, queryset):
    """Download the selected participants as a CSV file."""
    return export_response(queryset, "csv")


@admin.action(description=_("Export the selected to Excel"), permissions=["view"])
def export_xlsx(modeladmin, request, queryset):
    """Download the selected participants as an Excel workbook."""
    return export_response(queryset, "xlsx")


@admin.action(description=_("Print name badges (PDF)"), permissions=["view"])
def print_badges(modeladmin, request, queryset):
    """Name badges for the selected people with a seat in the room, eight to an A4 page.

    Badges carry the check-in code, so the waitlist, online participants and ended
    registrations get none; the organiser is told how many were left out.
    """
    seated = queryset.filter(
        status=Participant.Status.CONFIRMED, attendance_mode=Participant.AttendanceMode.IN_PERSON
    )
    people = list(seated.select_related("event").order_by("family_name", "given_name"))
    left_out = queryset.count() - len(people)
    if left_out:
        message = ngettext(
            "%(count)s selected person has no confirmed seat in the room: no badge for them.",
            "%(count)s selected people have no confirmed seat in the room: no badges for them.",
            left_out,
        )
        modeladmin.message_user(
            request, message % {"count": LocalNumber(left_out)}, messages.WARNING
        )
    if not people:
        return None
    response = HttpResponse(badges.render_badges_pdf(people), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="name-badges.pdf"'
    response["Cache-Control"] = "no-store"
    return response
