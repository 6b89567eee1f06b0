"""The organisers' dashboard and its CSV downloads."""

import csv
from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wpsevents.events.models import Event

from . import charts, donors, feedback, stats, tables

# Check-in staff may view a participant to look them up at the door; the report, like the
# register in the admin, is for those who may also change participants: the organisers.
REPORT_PERMISSIONS = ("participants.view_participant", "participants.change_participant")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def may_see_reports(user) -> bool:
    """Active staff who may view and change participants (organisers, not check-in staff)."""
    return user.is_active and user.is_staff and user.has_perms(REPORT_PERMISSIONS)


def organisers_only(view):
    """Only for organisers, never cached; as in the admin, other staff get 403 Forbidden.

    The admin's own gate comes first: whoever is not signed in as active staff goes to the
    login page (which would only show a signed-in staff member the index again).
    """

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not may_see_reports(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return admin.site.admin_view(checked)


def build_tables(event: Event, by_date: list | None = None) -> dict[str, tables.Table]:
    """Every table of the dashboard for an event, by key."""
    if by_date is None:
        by_date = stats.registrations_by_date(event)
    groups = stats.confirmed_groups(event)
    built = [
        tables.overview(event, stats.status_counts(event)),
        tables.timeline(by_date),
        tables.by_gender(groups),
        tables.by_day(groups),
        tables.by_dimension(groups, "organisation_type"),
        tables.by_dimension(groups, "country"),
        *_working_group_table(event, groups),
        *_delegation_table(event, groups),
        tables.logistics(stats.logistics_counts(event)),
        tables.support_list(stats.support_requests(event)),
        *feedback.feedback_tables(event),
    ]
    return {table.key: table for table in built}


def _working_group_table(event: Event, groups: list) -> list[tables.Table]:
    """The table of working groups, for an event that has any."""
    working_groups = stats.working_groups(event)
    return [tables.by_working_group(groups, working_groups)] if working_groups else []


def _delegation_table(event: Event, groups: list) -> list[tables.Table]:
    """The table of delegations, for an event that has any."""
    delegations = stats.delegations(event)
    return [tables.by_delegation(groups, delegations)] if delegations else []


@require_safe
@organisers_only
def dashboard(request):
    """Registrations, participation by gender and logistics for one event at a time."""
    events = list(Event.objects.order_by("-is_featured", "-starts_at"))
    slug = request.GET.get("event")
    event = next((e for e in events if e.slug == slug), events[0] if events else None)
    context = {
        **admin.site.each_context(request),
        "title": _("Participation report"),
        "events": events,
        "event": event,
    }
    if event is not None:
        timeline = stats.registrations_by_date(event)
        report = build_tables(event, timeline)
        context["tables"] = list(report.values())
        context["timeline_chart"] = charts.registrations_chart(timeline, event.capacity)
        context["gender_chart"] = charts.gender_chart(report["gender"].rows)
    return render(request, "reports/dashboard.html", context)


@require_safe
@organisers_only
def download(request, slug, key):
    """One table of the dashboard as CSV, with the same numbers as on the page."""
    event = get_object_or_404(Event, slug=slug)
    table = build_tables(event).get(key)
    if table is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-{key}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the Khmer text as UTF-8
    writer = csv.writer(response)
    writer.writerow(table.flat_headers())
    writer.writerows([safe_cell(cell) for cell in row] for row in table.rows)
    return response


@require_safe
@organisers_only
def donor_pdf(request, slug):
    """The donors' one-page summary as a PDF; `?suppress=1` hides counts under five."""
    event = get_object_or_404(Event, slug=slug)
    suppress = request.GET.get("suppress") == "1"
    response = HttpResponse(
        donors.render_donor_pdf(event, suppress=suppress), content_type="application/pdf"
    )
    name = f"{event.slug}-summary{'-suppressed' if suppress else ''}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def safe_cell(value):
    """A cell that a spreadsheet shows as text, never runs as a formula; numbers stay numbers."""
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
