"""Check-in at the door, from a phone: open the QR code's link or search, then one button.

Only staff with the check-in permission see these pages; everyone else is sent to the login
page. They reach only the participants of events open at the door (published and held today,
or opened by an organiser for a trial): any other participant is not found, as if unknown.
The pages show personal data, so no browser or proxy may keep a copy (never_cache sends
Cache-Control: no-store). Whether a person may be checked in is decided by the rules, never
by which buttons the page happens to show.
"""

import re
from functools import reduce
from operator import and_

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from wpsevents.events.models import LOCAL_TZ, Event
from wpsevents.khmer import local_date

from .. import rules
from ..models import CheckIn, Participant

CHECKIN_PERMISSION = "participants.add_checkin"
SEARCH_LIMIT = 25
QUERY_MAX_LENGTH = 100
BARE_REFERENCE = re.compile(r"^[2-9A-Z]{6}$")


def staff_only(view):
    """Never cached, and only for users allowed to check people in (others: the login page)."""
    return never_cache(permission_required(CHECKIN_PERMISSION, login_url="admin:login")(view))


def today_number(event) -> int:
    """Day 2 from the event's second day on, otherwise day 1."""
    days = event.days()
    today = timezone.localtime(timezone.now(), LOCAL_TZ).date()
    return 2 if len(days) > 1 and today >= days[1] else 1


def chosen_event(events: list[Event], slug: str) -> Event | None:
    """The open event asked for by its slug, else the first (the featured one leads)."""
    return next((event for event in events if event.slug == slug), events[0] if events else None)


def search_participants(event: Event, query: str):
    """The event's participants matching a reference, an email address or every word of a name."""
    reference = query.upper()
    if BARE_REFERENCE.match(reference):
        reference = "WPS-" + reference
    words = [
        Q(given_name__icontains=word)
        | Q(family_name__icontains=word)
        | Q(name_khmer__icontains=word)
        for word in query.split()
    ]
    return (
        Participant.objects.filter(event=event)
        .filter(Q(reference=reference) | Q(email__iexact=query) | reduce(and_, words))
        .order_by("family_name", "given_name", "pk")[:SEARCH_LIMIT]
    )


@require_safe
@staff_only
def search(request):
    """Find a participant of an event open at the door, for people without their QR code."""
    events = list(Event.objects.open_at_the_door().order_by("-is_featured", "starts_at", "pk"))
    event = chosen_event(events, request.GET.get("event", ""))
    query = " ".join(request.GET.get("q", "").split())[:QUERY_MAX_LENGTH]
    results = list(search_participants(event, query)) if event and len(query) >= 2 else []
    context = {
        "events": events,
        "event": event,
        "query": query,
        "results": results,
        "limit": SEARCH_LIMIT,
    }
    return render(request, "participants/checkin_search.html", context)


@require_http_methods(["GET", "POST"])
@staff_only
def checkin(request, reference):
    """One person: who they are, their working group and its room (where to send them),
    whether they may be photographed, and the check-in button."""
    at_the_door = Participant.objects.filter(event__in=Event.objects.open_at_the_door())
    participant = get_object_or_404(
        at_the_door.select_related("event", "working_group"), reference=reference.upper()
    )
    if request.method == "POST":
        _record(request, participant)
        return redirect("checkin:participant", reference=participant.reference)
    today = timezone.localtime(timezone.now(), LOCAL_TZ).date()
    is_event_day = today in participant.event.days()
    context = {
        "participant": participant,
        "days": _days(participant),
        "today": today,
        "is_event_day": is_event_day,
        "notes": _notes(participant, is_event_day=is_event_day),
    }
    return render(request, "participants/checkin.html", context)


def _notes(participant: Participant, *, is_event_day: bool) -> list[str]:
    """The ids of the notes staff must hear before they press a check-in button."""
    notes = {
        "note-photos": not participant.consents_to_photography,
        "note-day": not is_event_day,
        "note-online": not participant.is_in_person,
    }
    return [note for note, shown in notes.items() if shown]


def _days(participant: Participant) -> list[dict]:
    """The event's days, today's (the preselected one) first, each with its check-in if any."""
    event = participant.event
    checkins = {c.day: c for c in participant.checkins.live().select_related("checked_in_by")}
    preselected = today_number(event)
    dates = event.days()
    days = [
        {
            "number": number,
            "label": label,
            "date": dates[number - 1],
            "checkin": checkins.get(number),
            "is_preselected": number == preselected,
            "is_registered": participant.attends_day(number),
        }
        for number, label in CheckIn.Day.choices
        if number <= len(dates)
    ]
    return sorted(days, key=lambda day: not day["is_preselected"])


def _record(request, participant: Participant) -> None:
    """Check in or undo, as posted, and say what happened in a message."""
    day = _posted_day(request)
    label = dict(CheckIn.Day.choices).get(day, "")
    started = timezone.now()
    try:
        if request.POST.get("action") == "undo":
            undone = rules.undo_check_in(participant=participant, day=day, by=request.user)
            text = (
                _("Check-in for %(day)s undone.") if undone else _("Nothing to undo for %(day)s.")
            )
            messages.info(request, text % {"day": label})
            return
        checkin = rules.check_in(participant=participant, day=day, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return
    except rules.EventBusy:
        messages.error(request, _("The system is busy. Please press the button again."))
        return
    if checkin.checked_in_at < started:
        when = local_date(timezone.localtime(checkin.checked_in_at), "DATETIME_FORMAT")
        text = _("Already checked in for %(day)s, at %(time)s. Nothing changed.")
        messages.info(request, text % {"day": label, "time": when})
    else:
        messages.success(request, _("Checked in for %(day)s.") % {"day": label})


def _posted_day(request) -> int:
    """The day number posted by the form, or 0 when it is missing or not a number."""
    try:
        return int(request.POST.get("day", ""))
    except ValueError:
        return 0
