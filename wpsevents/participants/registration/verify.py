"""`/verify/<code>/`: whether an invitation letter or a certificate of attendance is genuine.

The page shows the name, the event (and for a certificate the days attended) and nothing
else, or that the code is not valid. Letters and certificates have codes of 160 random bits,
looked up in both. The page is rate-limited per client, so that codes cannot be tried in
bulk, and never kept by a cache: a cancellation or an undone check-in shows at once.
"""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

from .. import rules
from ..documents.common import event_dates
from ..door.certificates import attendance_lines
from ..models import Certificate, Letter

VERIFY_RATE = "20/m"  # per client address: plenty for people, far too few to guess a code
CODE_LENGTH = Certificate._meta.get_field("code").max_length


@never_cache
@require_safe
@ratelimit(key="ip", rate=VERIFY_RATE, block=True)
def verify(request, code: str):
    """Whether a letter or a certificate is genuine: for whom and for which event."""
    if len(code) > CODE_LENGTH:
        return _not_valid(request)
    certificate = Certificate.objects.select_related("participant__event").filter(code=code).first()
    if certificate is not None:
        return _certificate(request, certificate)
    letter = Letter.objects.select_related("participant__event").filter(code=code).first()
    if letter is not None and letter.is_valid:
        return _letter(request, letter)
    return _not_valid(request)


def _certificate(request, certificate: Certificate):
    days = rules.days_checked_in(certificate.participant)
    if not days:
        return _not_valid(request)
    participant = certificate.participant
    context = {
        "document": "certificate",
        "participant": participant,
        "event": participant.event,
        "dates": event_dates(participant.event),
        "attended": attendance_lines(participant.event, days),
    }
    return render(request, "participants/verify.html", context)


def _letter(request, letter: Letter):
    participant = letter.participant
    context = {
        "document": "letter",
        "participant": participant,
        "event": participant.event,
        "dates": event_dates(participant.event),
    }
    return render(request, "participants/verify.html", context)


def _not_valid(request):
    return render(request, "participants/verify.html", {"document": None}, status=404)
