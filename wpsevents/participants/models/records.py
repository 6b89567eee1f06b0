"""What hangs on a registration: private links, emails, check-ins; and the record of purges."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessToken(models.Model):
    """A private link's secret, kept only as its SHA-256 hash, and the address it went to.

    The address is kept as a hash too: a link opens the registration only while the
    registration's address is still the one the link was sent to.
    """

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="access_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    address_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("private link")
        verbose_name_plural = _("private links")

    def __str__(self):
        return f"{self.participant.reference} · {self.created_at:%Y-%m-%d}"


class OutgoingEmail(models.Model):
    """One email to one person: queued, then sent by the worker, retried until it goes out."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Registration received")
        PROMOTED = "promoted", _("Place confirmed from the waitlist")
        APPROVED = "approved", _("Registration approved")
        DECLINED = "declined", _("Registration declined")
        CANCELLED = "cancelled", _("Cancellation")
        LINK = "link", _("Private link again")
        ALREADY_REGISTERED = "already_registered", _("Registered again: nothing changed")
        CHANGED = "changed", _("Registration changed on the private link")
        MESSAGE = "message", _("Message from the organisers")
        INVITATION = "invitation", _("Invitation")
        HOLD = "hold", _("Seat held: open the link to keep it")
        HOLD_LAPSED = "hold_lapsed", _("Held seat released")
        DELEGATION_LINK = "delegation_link", _("Delegation link for the focal point")
        CLOSE_OUT = "close_out", _("After the event: thanks, materials and recording")
        LETTER = "letter", _("Invitation letter")
        REMINDER = "reminder", _("Reminder the day before")
        LIVESTREAM = "livestream", _("Livestream link on the day")
        SESSION_CHANGED = "session_changed", _("Programme change")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RETRYING = "retrying", _("Retrying")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("participant"),
    )
    # An email to a delegation's focal point, who is nobody's registration.
    delegation = models.ForeignKey(
        "participants.Delegation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("delegation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    recipient = models.EmailField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(
        _("message"),
        blank=True,
        help_text=_("Messages written by organisers, and what a programme change notice says."),
    )
    day = models.PositiveSmallIntegerField(
        _("day"),
        null=True,
        blank=True,
        help_text=_("The day of the event (from 1) a reminder or a livestream link is for."),
    )
    # Entries the person's calendar no longer has (a session deleted, a day given up): the
    # email's calendar file marks them cancelled (`events.calendar.withdrawn_entries`).
    withdrawn_entries = models.JSONField(
        _("calendar entries withdrawn"), null=True, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    # Empty until the worker has taken the email from the table into its task queue.
    handed_at = models.DateTimeField(
        _("handed to the worker at"), null=True, blank=True, editable=False
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at"]
        indexes = [
            # Holds only the emails the worker has yet to take: a handful, whatever the total.
            models.Index(
                fields=["id"], condition=Q(handed_at__isnull=True), name="email_to_hand_over"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="email_sent_has_time"
            ),
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | Q(delegation__isnull=False),
                name="email_has_a_recipient",
            ),
            # The close-out is one email per person, however often it is run.
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(kind="close_out"),
                name="one_close_out_email_per_participant",
            ),
            # What makes `send_reminders` idempotent: one reminder and one link a person a day.
            models.UniqueConstraint(
                fields=["participant", "kind", "day"],
                condition=Q(day__isnull=False),
                name="one_email_of_a_kind_a_day",
            ),
        ]

    def __str__(self):
        if self.participant_id is None:
            return f"{self.get_kind_display()} → {self.delegation}"
        return f"{self.get_kind_display()} → {self.participant.reference}"


class CheckInQuerySet(models.QuerySet):
    """Reads of check-ins."""

    def live(self):
        """The check-ins that count: those not undone."""
        return self.filter(undone_at__isnull=True)


class CheckIn(models.Model):
    """A participant's arrival on one day of the event, kept (marked undone) when taken back."""

    class Day(models.IntegerChoices):
        DAY_1 = 1, _("Day 1")
        DAY_2 = 2, _("Day 2")

    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="checkins",
        verbose_name=_("participant"),
    )
    day = models.PositiveSmallIntegerField(_("day"), choices=Day)
    # When the person was checked in: at the door's phone, which may send it later, offline.
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    undone_at = models.DateTimeField(
        _("undone at"),
        null=True,
        blank=True,
        help_text=_("When the check-in was taken back as a mistake; it then no longer counts."),
    )
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )

    client_id = models.UUIDField(
        _("phone's check-in id"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Drawn by the door's phone, so that a check-in sent twice counts once."),
    )

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["day", "checked_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "day"],
                condition=Q(undone_at__isnull=True),
                name="one_checkin_per_day",
            ),
        ]

    def __str__(self):
        return f"{self.participant.reference} · {self.get_day_display()}"


class PurgeRecord(models.Model):
    """A note that an event's participants were anonymised: when, by whom, how many."""

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="purge_records",
        verbose_name=_("event"),
    )
    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)
    ran_by = models.CharField(
        _("ran by"), max_length=150, help_text=_("The organiser, or the command that ran it.")
    )
    older_than_days = models.PositiveIntegerField(
        _("older than (days)"),
        null=True,
        blank=True,
        help_text=_("Only purged once the event had ended this many days before."),
    )
    participants_anonymised = models.PositiveIntegerField(_("participants anonymised"))

    class Meta:
        verbose_name = _("personal data purge")
        verbose_name_plural = _("personal data purges")
        ordering = ["-ran_at"]

    def __str__(self):
        return f"{self.event} · {self.ran_at:%Y-%m-%d %H:%M}"


def new_verification_code() -> str:
    """The code that verifies a certificate or a letter: 160 random bits, too many to guess."""
    return secrets.token_urlsafe(20)


new_certificate_code = new_verification_code  # the name migration 0013 refers to


class Certificate(models.Model):
    """A participant's certificate of attendance, and the code that verifies it.

    The code is kept as it is, not hashed: it opens nothing but the name, the event and the
    days attended, which the database holds anyway, and every download of the certificate
    must carry the same code. The days attended are read from the live check-ins whenever
    the certificate is shown, so an undone check-in is never certified.
    """

    participant = models.OneToOneField(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="certificate",
        verbose_name=_("participant"),
    )
    code = models.CharField(
        _("verification code"), max_length=40, unique=True, default=new_verification_code
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate of attendance")
        verbose_name_plural = _("certificates of attendance")

    def __str__(self):
        return f"{self.participant.reference} · {self.issued_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        """The public page that tells whether the certificate is genuine."""
        return reverse("participants:verify", kwargs={"code": self.code})
