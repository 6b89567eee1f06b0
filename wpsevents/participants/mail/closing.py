"""What the close-out email says to one person, following whether they came.

Its links go through the person's private link: the survey and the certificate are pages of
it, so that they open without any other sign-in.
"""

from django.conf import settings

from wpsevents.resources.models import Resource

from ..models import CheckIn, Outcome, Participant, closing_outcome


def _absolute(href: str) -> str:
    """An uploaded file's address is the site's; a link is already absolute."""
    return settings.SITE_URL + href if href.startswith("/") else href


def closing_context(participant: Participant, private_link: str | None) -> dict:
    """The close-out's outcome, materials, recordings, survey and certificate links."""
    event = participant.event
    attended = CheckIn.objects.live().filter(participant=participant).exists()
    outcome = closing_outcome(participant, attended=attended)
    resources = list(Resource.objects.filter(event=event).published().ordered_by_kind())
    materials = [r for r in resources if r.kind != Resource.Kind.RECORDING]
    recordings = [(r.title, _absolute(r.href)) for r in resources if r not in materials]
    if not recordings and event.livestream_url:  # where it was streamed, it can be watched again
        recordings = [(event.title, event.livestream_url)]
    context = {
        "outcome": outcome,
        "materials": [(r.title, _absolute(r.href)) for r in materials],
        "recordings": recordings if outcome != Outcome.ATTENDED else [],
        "survey_url": "",
        "certificate_url": "",
    }
    if private_link:
        # the private link's own pages: /r/<token>/feedback/ and /r/<token>/certificate.pdf
        if outcome != Outcome.ABSENT:
            context["survey_url"] = private_link + "feedback/"
        if outcome == Outcome.ATTENDED:
            context["certificate_url"] = private_link + "certificate.pdf"
    return context
