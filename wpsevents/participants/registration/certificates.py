"""Certificates of attendance, downloaded from the private link (verified in `verify`)."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .. import rules
from ..door.certificates import render_certificate_pdf
from .private_link import with_private_link


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
