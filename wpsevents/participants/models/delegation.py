"""A delegation: an organisation invited to an event, whose focal point nominates its delegates."""

from django.db import models
from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..fields import CountryField
from .participant import Participant

Mode = Participant.AttendanceMode


def _nominees_counted(nominees) -> Subquery:
    """How many of `nominees` belong to the outer query's delegation."""
    rows = (
        nominees.filter(delegation=OuterRef("pk"))
        .order_by()
        .values("delegation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows), 0)


def in_person_used():
    """Expression: the delegation's nominees holding an in-person seat."""
    return _nominees_counted(Participant.objects.holding_seats())


def online_used():
    """Expression: the delegation's nominees confirmed to attend online."""
    return _nominees_counted(
        Participant.objects.filter(status=Participant.Status.CONFIRMED, attendance_mode=Mode.ONLINE)
    )


def unused_quota():
    """Expression: the in-person seats the delegation still keeps for its nominees.

    Nothing once its unused quota was released at the deadline.
    """
    left = Greatest(F("in_person_quota") - in_person_used(), 0)
    return models.Case(
        models.When(quota_released_at__isnull=True, then=left),
        default=0,
        output_field=models.IntegerField(),
    )


def reserved_per_event() -> Coalesce:
    """Expression for an Event queryset: the seats its delegations keep for their nominees."""
    rows = (
        Delegation.objects.filter(event=OuterRef("pk"), quota_released_at__isnull=True)
        .annotate(unused=unused_quota())
        .order_by()
        .values("event")
        .annotate(total=Sum("unused"))
        .values("total")
    )
    return Coalesce(Subquery(rows), 0)


class DelegationQuerySet(models.QuerySet):
    """Reads of delegations."""

    def with_quota_used(self):
        """Annotate `in_person_used`, `online_used` and `in_person_left`, `online_left`."""
        return self.annotate(
            in_person_used=in_person_used(),
            online_used=online_used(),
        ).annotate(
            in_person_left=Greatest(F("in_person_quota") - F("in_person_used"), 0),
            online_left=Greatest(F("online_quota") - F("online_used"), 0),
        )

    def reserved_seats(self) -> int:
        """The in-person seats these delegations keep for nominees not yet named.

        Subtracted from the event's free seats for everyone else: the public form and the
        waitlist see them as taken until a nominee takes one or the quota is released.
        """
        reserving = self.filter(quota_released_at__isnull=True).annotate(unused=unused_quota())
        return reserving.aggregate(total=Coalesce(Sum("unused"), 0))["total"]

    def reserved_per_event(self) -> Coalesce:
        """Expression for an Event queryset: the seats its delegations keep for nominees."""
        return reserved_per_event()

    def due_for_release(self, now):
        """The delegations past their nomination deadline whose unused quota is still kept."""
        return self.filter(nomination_deadline__lte=now, quota_released_at__isnull=True)


class Delegation(models.Model):
    """An organisation invited to an event, with seats kept for the delegates it nominates."""

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("event"),
    )
    name = models.CharField(_("organisation"), max_length=200)
    name_km = models.CharField(
        _("organisation in Khmer"),
        max_length=200,
        blank=True,
        help_text=_("The organisation's name in Khmer script, for the Khmer pages and emails."),
    )
    organisation_type = models.CharField(
        _("organisation type"), max_length=20, choices=Participant.OrganisationType
    )
    country = CountryField(_("country"))
    focal_point_name = models.CharField(_("focal point"), max_length=150)
    focal_point_email = models.EmailField(
        _("focal point's email"),
        help_text=_("The delegation's private link is sent to this address."),
    )
    language = models.CharField(
        _("focal point's language"),
        max_length=2,
        choices=Participant.Language,
        default=Participant.Language.ENGLISH,
    )
    in_person_quota = models.PositiveIntegerField(
        _("in-person seats"),
        default=0,
        help_text=_(
            "Seats kept out of the event's capacity for this delegation's nominees until the "
            "nomination deadline; then those not taken go to the waitlist."
        ),
    )
    online_quota = models.PositiveIntegerField(
        _("online places"), default=0, help_text=_("How many nominees may attend online.")
    )
    nomination_deadline = models.DateTimeField(
        _("nomination deadline"),
        help_text=_("The focal point nominates and replaces delegates until then."),
    )
    # The SHA-256 of the focal point's link; empty when none was sent or it was revoked.
    token_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    link_sent_at = models.DateTimeField(_("link sent at"), null=True, blank=True, editable=False)
    quota_released_at = models.DateTimeField(
        _("unused seats released at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the seats not taken by the deadline went to the waitlist."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~models.Q(token_hash=""),
                name="delegation_token_unique",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_nominating(self) -> bool:
        """Whether the focal point may still nominate and replace delegates."""
        return timezone.now() < self.nomination_deadline and not self.event.is_held

    @property
    def has_link(self) -> bool:
        """Whether a delegation link was sent and not revoked."""
        return bool(self.token_hash)

    def name_in(self, language: str) -> str:
        """The organisation's name in `language`, English when no Khmer one is given."""
        return self.name_km if language == "km" and self.name_km else self.name
