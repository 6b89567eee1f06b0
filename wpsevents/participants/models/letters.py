"""Official invitation letters: one per registration, verified by its code."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .participant import Participant
from .records import new_verification_code


class Letter(models.Model):
    """A participant's official invitation letter, and the code that verifies it.

    The letter is valid while the registration is confirmed: a cancelled (or waitlisted)
    registration's letter no longer verifies. Its words are read from the registration and
    the event whenever it is drawn, so a corrected name prints at the next download.
    """

    participant = models.OneToOneField(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="letter",
        verbose_name=_("participant"),
    )
    code = models.CharField(
        _("verification code"), max_length=40, unique=True, default=new_verification_code
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation letter")
        verbose_name_plural = _("invitation letters")

    def __str__(self):
        return self.reference

    def get_absolute_url(self) -> str:
        """The public page that tells whether the letter is genuine."""
        return reverse("participants:verify", kwargs={"code": self.code})

    @property
    def reference(self) -> str:
        """The reference printed on the letter, e.g. INV/2026/WPS-7K3Q9M."""
        return f"INV/{self.issued_at:%Y}/{self.participant.reference}"

    @property
    def is_valid(self) -> bool:
        """Whether the letter still stands: the person's place is confirmed."""
        return self.participant.status == Participant.Status.CONFIRMED
