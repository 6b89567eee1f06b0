"""Answers to the feedback survey after the event: one per participant, read only in aggregate."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

RATINGS = [
    (5, _("5 – Excellent")),
    (4, _("4 – Good")),
    (3, _("3 – Fair")),
    (2, _("2 – Poor")),
    (1, _("1 – Very poor")),
]
FREE_TEXT_LENGTH = 2000


class Feedback(models.Model):
    """A participant's answer to the survey: an overall rating and what they would improve.

    Kept with the participant so that each person answers once; the report shows only counts
    and averages by gender and type of organisation, and the free texts apart from them.
    """

    participant = models.OneToOneField(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("participant"),
    )
    overall_rating = models.PositiveSmallIntegerField(_("overall rating"), choices=RATINGS)
    to_improve = models.TextField(
        _("what could be improved"), blank=True, max_length=FREE_TEXT_LENGTH
    )
    comments = models.TextField(_("other comments"), blank=True, max_length=FREE_TEXT_LENGTH)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(overall_rating__gte=1, overall_rating__lte=5),
                name="feedback_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.participant.reference} · {self.overall_rating}"


class SessionRating(models.Model):
    """How useful one session of the programme was to the person who answered the survey."""

    feedback = models.ForeignKey(
        Feedback,
        on_delete=models.CASCADE,
        related_name="session_ratings",
        verbose_name=_("feedback"),
    )
    session = models.ForeignKey(
        "events.Session",
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("session"),
    )
    usefulness = models.PositiveSmallIntegerField(_("usefulness"), choices=RATINGS)

    class Meta:
        verbose_name = _("session rating")
        verbose_name_plural = _("session ratings")
        constraints = [
            models.UniqueConstraint(fields=["feedback", "session"], name="one_rating_per_session"),
            models.CheckConstraint(
                condition=Q(usefulness__gte=1, usefulness__lte=5),
                name="session_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.session} · {self.usefulness}"
