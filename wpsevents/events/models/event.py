"""An event: its dates, venue, seats, registration and the documents it issues."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_cleanup import cleanup

from ..seat_counts import seat_annotations

LOCAL_TZ = ZoneInfo(settings.TIME_ZONE)
# Between a highlight's name and its explanation: a colon, or the Khmer one, "៖".
HIGHLIGHT_SEPARATOR = re.compile("[:៖]")
# Inlined in every certificate and letter downloaded: a scanned image needs far less.
MAX_SIGNATURE_BYTES = 2 * 1024 * 1024
# Registrants choose both days, day 1 or day 2 (`Participant.Days`): no event has more days.
MOST_DAYS = 2


def validate_signature_size(file) -> None:
    """Refuse a signature image over the size limit."""
    if file.size > MAX_SIGNATURE_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB."),
            params={"mb": MAX_SIGNATURE_BYTES // 2**20},
            code="file_too_large",
        )


class EventQuerySet(models.QuerySet):
    """Reads of events."""

    def published(self):
        """Events visitors may see."""
        return self.filter(is_published=True)

    def open_at_the_door(self):
        """Events whose participants check-in staff may find and check in now.

        Published events held today in Phnom Penh (today is one of their `days()`), and any
        event an organiser has opened at the door for a trial.
        """
        today = datetime.combine(timezone.localdate(timezone=LOCAL_TZ), time.min, LOCAL_TZ)
        held_today = Q(starts_at__lt=today + timedelta(days=1), ends_at__gte=today)
        return self.filter((Q(is_published=True) & held_today) | Q(is_checkin_open=True))

    def with_seats_taken(self):
        """Annotate each event with `seats_taken` and `waitlist_length` (in-person places)."""
        return self.annotate(**seat_annotations())


class RegistrationState(models.TextChoices):
    """Where an event's registration stands, which decides the call to action."""

    NOT_YET_OPEN = "not_yet_open", _("Registration not yet open")
    OPEN = "open", _("Registration open")
    FULL = "full", _("Full: waitlist open")
    CLOSED = "closed", _("Registration closed")
    HELD = "held", _("Event held")
    INVITATION_ONLY = "invitation_only", _("By invitation only")


class RegistrationMode(models.TextChoices):
    """Who may register: anyone, anyone with an organiser's approval, or invited people only."""

    OPEN = "open", _("Open: anyone may register")
    APPROVAL = "approval", _("Approval: organisers approve each registration")
    INVITATION = "invitation", _("Invitation only: invited people and delegations register")


@cleanup.select
class Event(models.Model):
    """A workshop or conference that people register for."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("The event's address: /events/<slug>/.")
    )
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("One or two sentences shown at the top.")
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Paragraphs separated by a blank line.")
    )
    highlights_title = models.CharField(
        _("highlights heading"),
        max_length=200,
        blank=True,
        help_text=_("Heading of the highlights list, e.g. “The four pillars of the RPA-WPS”."),
    )
    highlights = models.TextField(
        _("highlights"),
        blank=True,
        help_text=_("One per line, as “Name: explanation”. Shown as a list on the event page."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue_name = models.CharField(_("venue"), max_length=200)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    organisers = models.CharField(
        _("organisers and partners"),
        max_length=300,
        help_text=_("As it should read on the page, e.g. “UN Women with the Ministry of …”."),
    )
    livestream_url = models.URLField(
        _("livestream link"), blank=True, help_text=_("Where the event is (or was) streamed.")
    )
    offers_online_attendance = models.BooleanField(
        _("online attendance offered"),
        default=True,
        help_text=_(
            "Registrants may choose to attend online. Untick for an event held in person only: "
            "the registration form, the pages and the emails then offer in-person places only."
        ),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens at"), null=True, blank=True, help_text=_("Empty: open now.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes at"),
        null=True,
        blank=True,
        help_text=_("Empty: open until the event starts."),
    )
    capacity = models.PositiveIntegerField(
        _("in-person seats"),
        null=True,
        blank=True,
        help_text=_("Confirmed in-person places. Empty means unlimited; online is never limited."),
    )
    registration_mode = models.CharField(
        _("registration"),
        max_length=12,
        choices=RegistrationMode,
        default=RegistrationMode.OPEN,
        help_text=_(
            "Open: anyone registers on the public form. Approval: new registrations wait as "
            "“pending” until an organiser approves them. Invitation only: the public page "
            "offers no form and explains how to ask for an invitation; people added by an "
            "organiser and delegations' nominees register through their own links."
        ),
    )
    invitation_contact = models.EmailField(
        _("contact for invitations"),
        blank=True,
        help_text=_(
            "Shown on the page of an invitation-only event, for people who would like an "
            "invitation."
        ),
    )
    holds_unconfirmed_seats = models.BooleanField(
        _("hold seats until the email address is confirmed"),
        default=True,
        help_text=_(
            "An in-person seat taken on the public form is held for a short time and confirmed "
            "when the person opens the link in the email; a hold that lapses goes to the next "
            "in line. Keeps robots that invent addresses from taking the seats."
        ),
    )
    is_published = models.BooleanField(_("published"), default=False)
    is_featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown at the site's home page. One at a time.")
    )
    is_checkin_open = models.BooleanField(
        _("check-in open"),
        default=False,
        help_text=_(
            "Lets check-in staff find and check in this event's participants on any day, "
            "for a trial before the event. On the days of a published event check-in is "
            "open anyway; untick this after the trial."
        ),
    )
    is_sample_content = models.BooleanField(
        _("sample content"),
        default=False,
        help_text=_("Invented demo details (programme, rooms, speakers, capacity) to replace."),
    )
    calendar_sequence = models.PositiveIntegerField(
        _("calendar revision"),
        default=0,
        editable=False,
        help_text=_(
            "Counts the moves of the event and its sessions, so that calendar applications "
            "update the entries they imported."
        ),
    )
    certificate_signature = models.ImageField(
        _("signature on certificates and letters"),
        upload_to="certificates/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_signature_size],
        help_text=_(
            "An image (PNG or JPEG) of the signature printed on the certificates of attendance "
            "and the invitation letters. Best on a transparent or white background."
        ),
    )
    letterhead = models.ImageField(
        _("letterhead"),
        upload_to="letters/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_signature_size],
        help_text=_(
            "An image (PNG or JPEG) printed across the top of the invitation letters: the "
            "organisers' logos and names, about 6 times as wide as it is high."
        ),
    )
    signatory_name = models.CharField(
        _("signatory"),
        max_length=150,
        blank=True,
        help_text=_("The name of the person who signs the invitation letters, as printed."),
    )
    signatory_title = models.CharField(
        _("signatory's title"),
        max_length=200,
        blank=True,
        help_text=_("Their position and organisation, printed under the name."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_closes_after_opening",
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.UniqueConstraint(
                fields=["is_featured"],
                condition=Q(is_featured=True),
                name="one_featured_event",
                violation_error_message=_(
                    "Another event is featured. Untick “featured” there first, or feature this "
                    "one from its form, which un-features the other."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def offer_working_groups(self) -> "Event":
        """Read the groups people choose between into `working_groups_offered`, and return self.

        For an event kept in the cache: its pages and forms then need no query for the groups.
        """
        self.working_groups_offered = list(self.sessions.working_groups())
        return self

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        elif self.starts_at and self.ends_at and len(self.days()) > MOST_DAYS:
            errors["ends_at"] = _(
                "An event lasts one or two days, among which registrants choose: make it end "
                "on the day after it starts at the latest."
            )
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if errors:
            raise ValidationError(errors)

    @property
    def highlight_list(self) -> list[tuple[str, str]]:
        """The highlights as (name, explanation) pairs, split at a colon, ":" or Khmer "៖"."""
        pairs = []
        for line in self.highlights.splitlines():
            name, text = (*HIGHLIGHT_SEPARATOR.split(line, maxsplit=1), "")[:2]
            if name.strip():
                pairs.append((name.strip(), text.strip()))
        return pairs

    @property
    def requires_approval(self) -> bool:
        """Whether organisers approve each registration before it takes a seat."""
        return self.registration_mode == RegistrationMode.APPROVAL

    @requires_approval.setter
    def requires_approval(self, value: bool) -> None:
        if value:
            self.registration_mode = RegistrationMode.APPROVAL
        elif self.registration_mode == RegistrationMode.APPROVAL:
            self.registration_mode = RegistrationMode.OPEN

    @property
    def is_invitation_only(self) -> bool:
        """Whether only invited people and delegations' nominees register."""
        return self.registration_mode == RegistrationMode.INVITATION

    @property
    def is_held(self) -> bool:
        """Whether the event is over."""
        return self.ends_at <= timezone.now()

    @property
    def online_link_follows(self) -> bool:
        """Whether online attendance is offered before its livestream link is known."""
        return self.offers_online_attendance and not self.livestream_url

    @property
    def is_livestreamed(self) -> bool:
        """Whether the event has a livestream."""
        return bool(self.livestream_url)

    @property
    def registration_closes(self):
        """When registration closes: the set time, or the start of the event."""
        return self.registration_closes_at or self.starts_at

    @property
    def private_links_expire_at(self):
        """When the registrants' private links stop working."""
        return self.ends_at + timedelta(days=settings.PRIVATE_LINK_DAYS_AFTER_EVENT)

    def registration_state(self, seats_taken: int | None = None) -> RegistrationState:
        """Where registration stands now; `seats_taken` comes from `with_seats_taken()`."""
        now = timezone.now()
        if self.is_held:
            return RegistrationState.HELD
        if self.is_invitation_only:
            return RegistrationState.INVITATION_ONLY
        if self.registration_opens_at and now < self.registration_opens_at:
            return RegistrationState.NOT_YET_OPEN
        if now >= self.registration_closes:
            return RegistrationState.CLOSED
        if self.capacity is not None and seats_taken is not None and seats_taken >= self.capacity:
            return RegistrationState.FULL
        return RegistrationState.OPEN

    def days(self) -> list:
        """The event's calendar days in Phnom Penh, in order."""
        first = timezone.localtime(self.starts_at, LOCAL_TZ).date()
        last = timezone.localtime(self.ends_at, LOCAL_TZ).date()
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]
