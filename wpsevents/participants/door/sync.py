"""What a door phone sends when it is back online: its queued check-ins and walk-ins.

Each item carries the id the phone drew for it, so that sending again (an answer lost on the
way) records nothing twice. Each goes through the rules on its own, under the event's lock;
the answer says for each whether it was recorded, was not needed because someone else checked
the person in first (and who, and when), or is a conflict staff must see, such as a
registration cancelled while the phone was offline. A body that is not what the app sends is
refused whole, with a 400 and a message, before anything is written.
"""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wpsevents.events.models import Event
from wpsevents.forms import NormalisedFormMixin
from wpsevents.khmer import local_date

from .. import rules
from ..models import CheckIn, Participant
from .offline import in_phone_language, staff_json

# A phone sends 50 at a time (door.js); at about 50 ms each, 200 stay well within gunicorn's
# 30-second timeout on a busy server.
MAX_ITEMS = 200
MAX_BODY = 512 * 1024


class CheckInItem(forms.Form):
    """One check-in made on the phone."""

    id = forms.UUIDField()
    reference = forms.CharField(max_length=12)
    day = forms.TypedChoiceField(choices=CheckIn.Day.choices, coerce=int)
    at = forms.DateTimeField()


class WalkInItem(NormalisedFormMixin, forms.Form):
    """One person added at the door."""

    id = forms.UUIDField()
    given_name = forms.CharField(max_length=100)
    family_name = forms.CharField(max_length=100, required=False)
    organisation = forms.CharField(max_length=200)
    gender = forms.ChoiceField(choices=Participant.Gender.choices)
    day = forms.TypedChoiceField(choices=CheckIn.Day.choices, coerce=int)
    at = forms.DateTimeField()


class BadSync(Exception):
    """The body is not what the door app sends; the message says what is wrong."""


@require_POST
@in_phone_language
@staff_json
def sync(request):
    """Record a phone's queued check-ins and walk-ins, and say what became of each."""
    try:
        event, checkins, walk_ins = _parse(request)
    except BadSync as error:
        return JsonResponse({"error": str(error)}, status=400)
    try:
        results = [_check_in(request, event, item) for item in checkins]
        results += [_walk_in(request, event, item) for item in walk_ins]
    except rules.EventBusy:
        busy = _("The system is busy. The phone will send its check-ins again.")
        return JsonResponse({"error": busy}, status=503)
    return JsonResponse({"results": results})


def _parse(request) -> tuple[Event, list[dict], list[dict]]:
    """The event and the cleaned items of the body, or BadSync."""
    if len(request.body) > MAX_BODY:
        raise BadSync(_("Too much at once: send fewer check-ins."))
    try:
        body = json.loads(request.body)
    except (UnicodeDecodeError, ValueError) as error:
        raise BadSync(_("The check-ins sent could not be read.")) from error
    if not isinstance(body, dict):
        raise BadSync(_("The check-ins sent could not be read."))
    event = Event.objects.open_at_the_door().filter(slug=str(body.get("event", ""))).first()
    if event is None:
        raise BadSync(_("Check-in is not open for this event today."))
    checkins = _items(body.get("checkins", []), CheckInItem)
    walk_ins = _items(body.get("walk_ins", []), WalkInItem)
    if len(checkins) + len(walk_ins) > MAX_ITEMS:
        raise BadSync(_("Too much at once: send fewer check-ins."))
    return event, checkins, walk_ins


def _items(items, form_class) -> list[dict]:
    """Each item cleaned by `form_class`; BadSync naming the first field that is wrong."""
    if not isinstance(items, list):
        raise BadSync(_("The check-ins sent could not be read."))
    if len(items) > MAX_ITEMS:
        raise BadSync(_("Too much at once: send fewer check-ins."))
    cleaned = []
    for item in items:
        form = form_class(_as_form_data(item))
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            raise BadSync(
                _("A check-in sent is not valid (%(field)s: %(error)s)")
                % {"field": field, "error": errors[0]}
            )
        cleaned.append(form.cleaned_data)
    return cleaned


def _as_form_data(item) -> dict:
    """The item's values as text, as a form reads them; BadSync if one is not a plain value."""
    if not isinstance(item, dict):
        raise BadSync(_("The check-ins sent could not be read."))
    plain = (str, int, float)
    if any(not isinstance(v, plain) or isinstance(v, bool) for v in item.values()):
        raise BadSync(_("The check-ins sent could not be read."))
    return {key: str(value) for key, value in item.items()}


def _check_in(request, event: Event, item: dict) -> dict:
    """Check one person in through the rules; what happened, as the phone shows it."""
    participant = (
        Participant.objects.filter(event=event, reference=item["reference"].upper())
        .select_related("event")
        .first()
    )
    if participant is None:
        return _conflict(item, _("No such registration for this event."))
    try:
        checkin = rules.check_in(
            participant=participant,
            day=item["day"],
            by=request.user,
            client_id=item["id"],
            at=item["at"],
        )
    except ValidationError as error:
        return _conflict(item, _refusal(participant, error))
    return _outcome(item, checkin)


def _walk_in(request, event: Event, item: dict) -> dict:
    """Register one walk-in through the rules; checked in when they got a seat."""
    data = {key: item[key] for key in ("given_name", "family_name", "organisation", "gender")}
    try:
        walk_in = rules.add_walk_in(
            event=event, data=data, day=item["day"], by=request.user, client_id=item["id"]
        )
    except ValidationError as error:
        return _conflict(item, " ".join(error.messages))
    if walk_in.checkin is None:
        result = _conflict(
            item, _("No seat is free: added to the waitlist, not checked in. Ask an organiser.")
        )
        return {**result, "reference": walk_in.participant.reference}
    return {**_outcome(item, walk_in.checkin), "reference": walk_in.participant.reference}


def _outcome(item: dict, checkin: CheckIn) -> dict:
    """Recorded (this phone was first) or already (someone else was), with who and when."""
    first = checkin.client_id == item["id"]
    by = checkin.checked_in_by.get_username() if checkin.checked_in_by else ""
    when = local_date(timezone.localtime(checkin.checked_in_at), "TIME_FORMAT")
    if first:
        message = _("Checked in at %(time)s by %(user)s.")
    else:
        message = _("Already checked in at %(time)s by %(user)s, first. Nothing changed.")
    return {
        "id": str(item["id"]),
        "outcome": "recorded" if first else "already",
        "at": checkin.checked_in_at.isoformat(),
        "by": by,
        "message": message % {"time": when, "user": by or "—"},
    }


def _conflict(item: dict, message: str) -> dict:
    """A check-in the server refused: staff must see why on the phone."""
    return {"id": str(item["id"]), "outcome": "conflict", "message": message}


def _refusal(participant: Participant, error: ValidationError) -> str:
    """Why the rules refused: a cancelled registration said plainly, else the rule's words."""
    participant.refresh_from_db(fields=["status"])
    if participant.status == Participant.Status.CANCELLED:
        return _("This registration was cancelled: the person cannot be checked in.")
    return " ".join(error.messages)
