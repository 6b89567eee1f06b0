"""The invitation letter, downloaded from the private link by the person it invites."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .. import rules
from ..documents.letters import render_letter_pdf
from .private_link import with_private_link


@never_cache
@require_safe
@with_private_link
def download_letter(request, participant):
    """The person's invitation letter as a PDF, or a page saying why there is none."""
    try:
        letter = rules.issue_letter(participant=participant)
    except ValidationError as error:
        context = {"participant": participant, "event": participant.event, "error": error}
        return render(request, "participants/letter_refused.html", context, status=403)
    except rules.EventBusy:
        return render(request, "busy.html", status=503)
    return letter_response(letter)


def letter_response(letter) -> HttpResponse:
    """The letter as a PDF download, kept by no cache."""
    response = HttpResponse(render_letter_pdf(letter), content_type="application/pdf")
    filename = f"invitation-letter-{letter.participant.reference}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
