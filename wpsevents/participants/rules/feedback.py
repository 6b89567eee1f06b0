"""The feedback survey: who may answer it, and their one answer.

Open from the start of the event to those who came (checked in) and to those who followed it
online; each answers once, which the database holds to as well.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wpsevents.events.models import Session

from ..models import CheckIn, Feedback, Participant, SessionRating

NOT_YET = _("The survey opens when the event starts.")
NOT_FOR_YOU = _("The survey is for those who took part in the event, in person or online.")
ALREADY = _("You have already answered the survey. Thank you!")


@dataclass(frozen=True)
class Answers:
    """What a person answered: ratings from 1 to 5, and free text."""

    overall_rating: int
    to_improve: str = ""
    comments: str = ""
    session_ratings: dict[int, int] = field(default_factory=dict)  # session id: usefulness


def rated_sessions(event) -> list[Session]:
    """The programme items the survey asks about: all but the breaks."""
    return list(event.sessions.exclude(kind=Session.Kind.BREAK).order_by("starts_at", "order"))


def feedback_refusal(participant: Participant) -> ValidationError | None:
    """Why this person may not answer the survey now, or None when they may."""
    if participant.event.starts_at > timezone.now():
        return ValidationError(NOT_YET, code="survey_not_open")
    came = CheckIn.objects.live().filter(participant=participant).exists()
    online = participant.status == Participant.Status.CONFIRMED and not participant.is_in_person
    if not (came or online):
        return ValidationError(NOT_FOR_YOU, code="survey_not_for_you")
    if Feedback.objects.filter(participant=participant).exists():
        return ValidationError(ALREADY, code="survey_answered")
    return None


@transaction.atomic
def submit_feedback(*, participant: Participant, answers: Answers) -> Feedback:
    """Record a person's one answer to the survey, with a rating for each session they rated."""
    refusal = feedback_refusal(participant)
    if refusal is not None:
        raise refusal
    sessions = {session.pk for session in rated_sessions(participant.event)}
    if not set(answers.session_ratings) <= sessions:
        raise ValidationError(_("This is not a session of the event."), code="wrong_session")
    try:
        with transaction.atomic():  # a second answer sent at the same moment
            feedback = Feedback.objects.create(
                participant=participant,
                overall_rating=answers.overall_rating,
                to_improve=answers.to_improve,
                comments=answers.comments,
            )
    except IntegrityError:
        raise ValidationError(ALREADY, code="survey_answered") from None
    SessionRating.objects.bulk_create(
        SessionRating(feedback=feedback, session_id=session_id, usefulness=usefulness)
        for session_id, usefulness in answers.session_ratings.items()
    )
    return feedback
