"""The sessions of an event's programme, working groups among them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from wpsevents.khmer import local_date

from ..seat_counts import session_seat_annotations
from .event import LOCAL_TZ, Event


class SessionQuerySet(models.QuerySet):
    """Reads of programme sessions."""

    def working_groups(self):
        """Sessions people choose between when they register."""
        return self.filter(kind=Session.Kind.WORKING_GROUP)

    def with_seats_taken(self):
        """Annotate each session with its working group's `seats_taken` and `waitlist_length`."""
        return self.annotate(**session_seat_annotations())


class Session(models.Model):
    """One item of an event's programme."""

    class Kind(models.TextChoices):
        OPENING = "opening", _("Opening or ceremony")
        PLENARY = "plenary", _("Plenary")
        PANEL = "panel", _("Panel")
        WORKING_GROUP = "working_group", _("Working group")
        BREAK = "break", _("Break")
        CLOSING = "closing", _("Closing")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.CharField(_("room"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PLENARY)
    speakers = models.TextField(
        _("speakers"), blank=True, help_text=_("One per line: name, role and organisation.")
    )
    moderators = models.TextField(_("moderators"), blank=True, help_text=_("One per line."))
    capacity = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        help_text=_("For working groups people sign up to. Empty means no limit of its own."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Breaks ties between sessions starting together.")
    )
    is_sample_content = models.BooleanField(
        _("sample content"), default=False, help_text=_("Invented demo details to replace.")
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at, LOCAL_TZ)
        # A format of Django's date filter, which the catalogue writes in each language's order.
        when = pgettext("a session's day and time, in Django's date format", "j M, H:i")
        return f"{local_date(local, when)} · {self.title}"

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remember the kind and event a session was read with, for `clean`."""
        session = super().from_db(db, field_names, values)
        fields = session.__dict__
        session._loaded = {"kind": fields.get("kind"), "event": fields.get("event_id")}
        return session

    def clean(self):
        self._keep_chosen_working_group()
        if not (self.starts_at and self.ends_at):
            return
        if self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})
        event = getattr(self, "event", None)
        if event and not self._within_event_days(event):
            raise ValidationError(
                {"starts_at": _("The session must take place on one of the event's days.")}
            )

    def _keep_chosen_working_group(self) -> None:
        """Refuse to move a working group people chose to another event, or to make it a
        session of another kind: their choice would point at something they never chose.

        The database refuses it too (participants' migration `working_group_of_its_event`).
        """
        loaded = getattr(self, "_loaded", None)
        if not loaded or loaded["kind"] != self.Kind.WORKING_GROUP:
            return
        moved = self.event_id != loaded["event"]
        if not moved and self.kind == self.Kind.WORKING_GROUP:
            return
        if self.working_group_participants.exists():
            message = _(
                "People chose this working group. Move them to another group first: it must "
                "stay a working group of its event while anyone is in it."
            )
            refused = ValidationError(message, code="group_chosen")
            raise ValidationError({"event" if moved else "kind": refused})

    def _within_event_days(self, event) -> bool:
        days = event.days()
        start = timezone.localtime(self.starts_at, LOCAL_TZ).date()
        end = timezone.localtime(self.ends_at, LOCAL_TZ).date()
        return days[0] <= start <= days[-1] and days[0] <= end <= days[-1]

    @property
    def speaker_list(self) -> list[str]:
        """The speakers, one entry per line."""
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]

    @property
    def moderator_list(self) -> list[str]:
        """The moderators, one entry per line."""
        return [line.strip() for line in self.moderators.splitlines() if line.strip()]

    @property
    def local_day(self):
        """The session's date in Phnom Penh."""
        return timezone.localtime(self.starts_at, LOCAL_TZ).date()
