"""Check-in at the door, from a phone: open the QR code's link or search, then one button."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from wpsevents.events.models import LOCAL_TZ

from . import services
from .models import CheckIn, Participant

CHECKIN_PERMISSION = "participants.add_checkin"
SEARCH_LIMIT = 25


def _today_number(event) -> int:
    """Day 2 on the event's second day, otherwise day 1."""
    days = event.days()
    today = timezone.localtime(timezone.now(), LOCAL_TZ).date()
    return 2 if len(days) > 1 and today >= days[1] else 1


@never_cache
@require_safe
@permission_required(CHECKIN_PERMISSION, login_url="admin:login")
def search(request):
    """Find a participant by name, email or reference, for people without their QR code."""
    query = " ".join(request.GET.get("q", "").split())[:100]
    results = []
    if len(query) >= 2:
        results = (
            Participant.objects.select_related("event")
            .filter(
                Q(reference__iexact=query)
                | Q(given_name__icontains=query)
                | Q(family_name__icontains=query)
                | Q(name_khmer__icontains=query)
                | Q(email__iexact=query)
            )
            .order_by("family_name", "given_name")[:SEARCH_LIMIT]
        )
    return render(request, "participants/checkin_search.html", {"query": query, "results": results})


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required(CHECKIN_PERMISSION, login_url="admin:login")
def checkin(request, reference):
    """One person: who they are, whether they may be photographed, and the check-in button."""
    participant = get_object_or_404(
        Participant.objects.select_related("event"), reference=reference.upper()
    )
    if request.method == "POST":
        try:
            day = int(request.POST.get("day", ""))
        except ValueError:
            day = 0
        try:
            if request.POST.get("action") == "undo":
                services.undo_check_in(participant=participant, day=day)
                messages.info(request, _("Check-in undone."))
            else:
                services.check_in(participant=participant, day=day, by=request.user)
                messages.success(request, _("Checked in."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except services.EventBusy:
            messages.error(request, _("The system is busy. Please press the button again."))
        return redirect("checkin:participant", reference=participant.reference)
    checkins = {c.day: c for c in participant.checkins.all()}
    today = _today_number(participant.event)
    days = [
        {
            "number": number,
            "label": label,
            "checkin": checkins.get(number),
            "is_today": number == today,
        }
        for number, label in CheckIn.Day.choices
    ]
    days.sort(key=lambda day: not day["is_today"])
    return render(request, "participants/checkin.html", {"participant": participant, "days": days})
