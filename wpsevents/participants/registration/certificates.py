"""Certificates of attendance: downloaded from the private link, verified by anyone.

`/verify/<code>/` shows the name, the event and the days attended, and nothing else, or that
the code is not valid. It is rate-limited per client, so that codes cannot be tried in bulk,
and never kept by a cache: an undone check-in shows at once.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

from .. import rules
from ..door.certificates import attendance_lines, event_dates, render_certificate_pdf
from ..models import Certificate
from .private_link import with_private_link

VERIFY_RATE = "20/m"  # per client address: plenty for people, far too few to guess a code


@never_cache
@require_safe
@with_private_link
def download_certificate(request, participant):
    """The person's certificate of attendance as a PDF, once the event is over."""
    try:
        certificate = rules.issue_certificate(participant=participant)
    except ValidationError as error:
        raise Http404(error.messages[0]) from error
    pdf = render_certificate_pdf(certificate, rules.days_checked_in(participant))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"certificate-{participant.event.slug}-{participant.reference}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_safe
@ratelimit(key="ip", rate=VERIFY_RATE, block=True)
def verify_certificate(request, code: str):
    """Whether a certificate is genuine: for whom, for which event and which days."""
    certificate = (
        Certificate.objects.select_related("participant__event").filter(code=code).first()
        if len(code) <= Certificate._meta.get_field("code").max_length
        else None
    )
    days = rules.days_checked_in(certificate.participant) if certificate else []
    if not days:
        return render(request, "participants/verify.html", {"valid": False}, status=404)
    participant = certificate.participant
    context = {
        "valid": True,
        "participant": participant,
        "event": participant.event,
        "dates": event_dates(participant.event),
        "attended": attendance_lines(participant.event, days),
    }
    return render(request, "participants/verify.html", context)
