"""A person's registration for an event: the model and its reads."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from ..fields import CountryField
from .choices import (
    CLOSE_OUT_STATUSES,
    GENDERED_SALUTATIONS,
    SALUTATIONS_BEFORE_A_NAME,
    SEAT_STATUSES,
    UNSALUTED_TITLES,
    AttendanceMode,
    Days,
    Gender,
    Language,
    OrganisationType,
    Outcome,
    Salutation,
    Source,
    Status,
    covers_day,
)
from .records import CheckIn, OutgoingEmail

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: easy to read aloud
REFERENCE_LENGTH = 6


def new_reference() -> str:
    """A short, readable public reference such as WPS-7K3Q9M."""
    # One draw from the system's randomness, spelled out in the alphabet, rather than one
    # draw (a system call) per character.
    number = secrets.randbelow(len(REFERENCE_ALPHABET) ** REFERENCE_LENGTH)
    characters = []
    for _position in range(REFERENCE_LENGTH):
        number, digit = divmod(number, len(REFERENCE_ALPHABET))
        characters.append(REFERENCE_ALPHABET[digit])
    return "WPS-" + "".join(characters)


# History is read one registration at a time (by `id`): the indexes the copied fields would
# bring along serve no query and would cost every registration seven more index entries. The
# network a hold came from is kept only while the hold lasts, so never in the history.
participant_history = HistoricalRecords(
    excluded_fields=["updated_at", "hold_network"],
    no_db_index=["reference", "status", "created_at", "event", "working_group", "delegation"],
)


ROOM, GROUP = "room", "group"  # where a seat is missing
WRONG_WORKING_GROUP = _(
    "This is not one of the event's working groups. Choose one of the groups it offers."
)


class ParticipantQuerySet(models.QuerySet):
    """Reads of registrations."""

    def holding_seats(self):
        """The registrations that hold an in-person seat: confirmed or held, coming in person.

        The one definition of a taken seat, for the rules, the event page, the report and the
        admin alike. A held registration keeps its seat until its address is confirmed or the
        hold lapses, so that capacity is never exceeded when it is confirmed.
        """
        return self.filter(
            status__in=SEAT_STATUSES,
            attendance_mode=Participant.AttendanceMode.IN_PERSON,
        )

    def lapsed_holds(self, now):
        """The held registrations whose time is up at `now` and whose email has left.

        A hold whose email the worker has yet to send, or is retrying, waits for it: a slow or
        broken mail server must not cost anyone their seat. An email that failed for good
        lets the hold lapse.
        """
        waiting = OutgoingEmail.objects.filter(
            participant=OuterRef("pk"),
            kind=OutgoingEmail.Kind.HOLD,
            status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.RETRYING],
        )
        return self.filter(status=Participant.Status.HELD, hold_expires_at__lte=now).exclude(
            Exists(waiting)
        )

    def attending_day(self, day: int):
        """The registrations for day `day` (1 or 2) of their event: that day's and both days'."""
        return self.filter(days__in=[Participant.Days.BOTH, f"day{day}"])

    def seat_shortage(
        self, event, working_group=None, exclude=None, *, reserved_for=None
    ) -> str | None:
        """Where a seat is missing: `ROOM`, `GROUP` (the working group's), or None if one is free.

        The seats delegations keep for their nominees are missing for everyone else. A nominee
        whose delegation still keeps a seat (`reserved_for`, the delegation) takes one of those:
        the room is short only when every seat in it is taken. The rules ask it holding the
        event's lock, so that the answer holds until they commit.
        """
        holding = self.filter(event=event).holding_seats()
        if exclude is not None:
            holding = holding.exclude(pk=exclude.pk)
        if event.capacity is not None and _taken(event, holding, reserved_for) >= event.capacity:
            return ROOM
        capacity = working_group.capacity if working_group is not None else None
        if capacity is not None and holding.filter(working_group=working_group).count() >= capacity:
            return GROUP
        return None

    def with_attendance(self):
        """Annotated with `attended`: whether the person was checked in on a day, undone aside."""
        live = CheckIn.objects.live().filter(participant=OuterRef("pk"))
        return self.annotate(attended=Exists(live))

    def closing_out(self, event):
        """Who the close-out writes to: the event's confirmed and waitlisted, and who came.

        A waitlisted person never had a seat but wanted one: they get the recording. An address
        under the reserved `.invalid` domain (a walk-in's until an organiser writes in the real
        one) receives nothing, so it is left out until it is corrected.
        """
        came = CheckIn.objects.live().filter(participant=OuterRef("pk"))
        return (
            self.filter(event=event)
            .filter(Q(status__in=CLOSE_OUT_STATUSES) | Exists(came))
            .exclude(email__iendswith=".invalid")
            .with_attendance()
        )

    def registered_as(self, event, email: str):
        """The registration of this address for the event, whatever its capitals.

        Compared as lower(email), the expression the unique index holds, so the database finds
        it in the index instead of reading every registration of the event.
        """
        return self.alias(email_lower=Lower("email")).filter(
            event=event, email_lower=Lower(Value(email))
        )


def _taken(event, holding, reserved_for) -> int:
    """The seats `holding` take, and, but for a nominee's, those delegations keep.

    The room full without the kept seats is full: the delegations are asked about only when
    it is not, and then only when one keeps seats, as most events have none. The delegations
    are reached through the event, as the participants' model comes first.
    """
    held = holding.count()
    if reserved_for is not None or held >= event.capacity or not _keeps_seats(event):
        return held
    kept = event.delegations.model.objects.reserved_per_event()
    return held + type(event).objects.filter(pk=event.pk).values_list(kept, flat=True).get()


def _keeps_seats(event) -> bool:
    """Whether a delegation still keeps seats of the event for its nominees."""
    return event.delegations.filter(quota_released_at__isnull=True, in_person_quota__gt=0).exists()


class Participant(models.Model):
    """One person's registration for one event."""

    Status = Status
    Salutation = Salutation
    OrganisationType = OrganisationType
    Gender = Gender
    Days = Days
    AttendanceMode = AttendanceMode
    Source = Source
    Language = Language

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("event"),
    )
    reference = models.CharField(
        _("reference"), max_length=12, unique=True, default=new_reference, editable=False
    )
    salutation = models.CharField(
        _("salutation"), max_length=8, choices=Salutation, blank=True, default=""
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    name_khmer = models.CharField(
        _("name in Khmer script"), max_length=150, blank=True, help_text=_("Optional.")
    )
    email = models.EmailField(_("email"), max_length=254)
    phone = PhoneNumberField(_("phone"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200)
    position = models.CharField(_("position"), max_length=150, blank=True)
    organisation_type = models.CharField(
        _("organisation type"), max_length=20, choices=OrganisationType
    )
    country = CountryField(_("country"))
    gender = models.CharField(_("gender"), max_length=12, choices=Gender)
    days = models.CharField(_("days attending"), max_length=4, choices=Days, default=Days.BOTH)
    attendance_mode = models.CharField(
        _("attendance"), max_length=10, choices=AttendanceMode, default=AttendanceMode.IN_PERSON
    )
    working_group = models.ForeignKey(
        "events.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="working_group_participants",
        verbose_name=_("working group"),
    )
    delegation = models.ForeignKey(
        "participants.Delegation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominees",
        verbose_name=_("delegation"),
        help_text=_("The delegation that nominated this person, if one did."),
    )
    needs_interpretation = models.BooleanField(
        _("needs Khmer–English interpretation"), default=False
    )
    dietary_requirements = models.CharField(_("dietary requirements"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    consents_to_data_processing = models.BooleanField(
        _("consents to the processing of personal data"), default=False
    )
    consents_to_photography = models.BooleanField(
        _("consents to being photographed"), default=False
    )
    language = models.CharField(
        _("language of correspondence"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, db_index=True)
    source = models.CharField(_("source"), max_length=10, choices=Source, default=Source.ONLINE)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(
        _("waitlisted at"), null=True, blank=True, help_text=_("Decides the order of the waitlist.")
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    hold_expires_at = models.DateTimeField(
        _("hold expires at"),
        null=True,
        blank=True,
        help_text=_(
            "A held registration keeps its seat until then; the person confirms it by opening "
            "the link in their email."
        ),
    )
    hold_network = models.CharField(
        _("held from network"),
        max_length=50,
        blank=True,
        help_text=_(
            "The network (IPv4 /24 or IPv6 /64) a held registration came from, kept only while "
            "it is held: many holds from one network are a sign of a robot."
        ),
    )
    email_confirmed_at = models.DateTimeField(
        _("email address confirmed at"),
        null=True,
        blank=True,
        help_text=_("When the private link from an email was first opened."),
    )
    history = participant_history

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["-created_at"]
        constraints = [
            # A delegation's focal point may nominate several delegates from one address.
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=models.Q(delegation__isnull=True),
                name="participant_email_unique_per_event",
            ),
        ]
        indexes = [
            models.Index("event", Lower("email"), name="participant_email"),
            models.Index(fields=["event", "status", "attendance_mode"], name="participant_seats"),
            models.Index(fields=["event", "status", "waitlisted_at"], name="participant_waitlist"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.reference})"

    def clean(self):
        """Refuse a working group that is not one of the event's working groups.

        The database refuses it too (see the migration `working_group_of_its_event`); this
        says why, on the field, before anything is written.
        """
        if self.working_group_id is None or self.event_id is None:
            return
        group = self.working_group
        if group.event_id != self.event_id or group.kind != group.Kind.WORKING_GROUP:
            wrong = ValidationError(WRONG_WORKING_GROUP, code="working_group_of_another_event")
            raise ValidationError({"working_group": wrong})

    def validate_constraints(self, exclude=None):
        """Check the constraints, the one address per event included, whatever form asks.

        Whether an address may repeat depends on the delegation, which most forms leave out:
        Django would then skip the check, and the database refuse the row with a 500.
        """
        super().validate_constraints(exclude=set(exclude or ()) - {"delegation"})

    @property
    def full_name(self) -> str:
        """Given and family name, as the person wrote them."""
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def display_name(self) -> str:
        """The name with salutation, for badges and letters."""
        return " ".join(part for part in (self.salutation_for_name(), self.full_name) if part)

    def salutation_for_name(self) -> str:
        """The salutation as it goes before this person's name, in the active language.

        Khmer says "H.E." differently to a man and to a woman; the form offers both forms in
        one choice, and the name takes the one that fits. Khmer's Mrs carries a note in the
        form's list that the name leaves out.
        """
        if not self.salutation:
            return ""
        gendered = GENDERED_SALUTATIONS.get((self.salutation, self.gender))
        plain = SALUTATIONS_BEFORE_A_NAME.get(self.salutation)
        return str(gendered or plain or self.get_salutation_display())

    def title_for_greeting(self) -> str:
        """The title the site addresses this person by, in the active language.

        Their salutation; in Khmer, which never names a person bare, លោក or លោកស្រី by
        gender when they chose none, and a neutral polite form otherwise.
        """
        title = self.salutation_for_name()
        if title or get_language() != "km":
            return title
        return str(UNSALUTED_TITLES.get(self.gender, UNSALUTED_TITLES[None]))

    def addressed_name(self) -> str:
        """The name the site greets and thanks this person by: title, then name.

        In Khmer, the name they wrote in Khmer script when they gave one.
        """
        khmer = get_language() == "km" and self.name_khmer
        name = self.name_khmer if khmer else self.full_name
        return " ".join(part for part in (self.title_for_greeting(), name) if part)

    @property
    def is_in_person(self) -> bool:
        """Whether this registration needs a seat."""
        return self.attendance_mode == self.AttendanceMode.IN_PERSON

    @property
    def is_active(self) -> bool:
        """Whether the registration still counts (not cancelled or declined)."""
        return self.status not in (self.Status.CANCELLED, self.Status.DECLINED)

    def attends_day(self, day: int) -> bool:
        """Whether the person registered for day 1 or day 2."""
        return covers_day(self.days, day)

    def waits_for_group(self) -> bool:
        """Whether a waitlisted person waits for a seat in their working group, not in the room."""
        if self.status != self.Status.WAITLISTED or self.working_group is None:
            return False
        shortage = Participant.objects.seat_shortage(self.event, self.working_group, exclude=self)
        return shortage == GROUP

    def get_checkin_url(self) -> str:
        """The address check-in staff open from the QR code."""
        return reverse("checkin:participant", kwargs={"reference": self.reference})


def closing_outcome(participant: "Participant", *, attended: bool) -> str:
    """Which close-out email a person gets: a check-in wins over how they registered."""
    if attended:
        return Outcome.ATTENDED
    return Outcome.ABSENT if participant.is_in_person else Outcome.ONLINE
