"""What a registration is made of: its statuses, salutations, organisation types, genders,
days, attendance modes, sources and languages, and the titles that go with a name.
"""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held until the email address is confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    PENDING = "pending", _("Pending approval")
    CANCELLED = "cancelled", _("Cancelled")
    DECLINED = "declined", _("Declined")


class Salutation(models.TextChoices):
    NONE = "", _("(none)")
    MS = "ms", _("Ms")
    MRS = "mrs", _("Mrs")
    MR = "mr", _("Mr")
    DR = "dr", _("Dr")
    PROF = "prof", _("Prof.")
    HE = "he", _("H.E.")


class OrganisationType(models.TextChoices):
    GOVERNMENT = "government", _("Government ministry or agency")
    SECURITY = "security", _("Security sector")
    PARLIAMENT = "parliament", _("Parliament")
    CIVIL_SOCIETY = "civil_society", _("Civil society or women's organisation")
    UN = "un", _("UN agency")
    PARTNER = "partner", _("Development partner or embassy")
    ACADEMIA = "academia", _("Academia or research")
    MEDIA = "media", _("Media")
    PRIVATE = "private", _("Private sector")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    ANOTHER = "another", _("Another identity")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class Days(models.TextChoices):
    BOTH = "both", _("Both days")
    DAY_1 = "day1", _("Day 1 only")
    DAY_2 = "day2", _("Day 2 only")


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class Source(models.TextChoices):
    ONLINE = "online", _("Online form")
    IMPORTED = "imported", _("Imported")
    ADMIN = "admin", _("Added by an organiser")
    DELEGATION = "delegation", _("Nominated by a delegation")
    DOOR = "door", _("Walk-in added at the door")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    KHMER = "km", _("Khmer")


# The statuses of a registration that keep an in-person seat (see `holding_seats`).
SEAT_STATUSES = (Status.CONFIRMED, Status.HELD)


# The statuses of a registration the close-out writes to, whether or not the person came.
CLOSE_OUT_STATUSES = (Status.CONFIRMED, Status.WAITLISTED)


class Outcome(models.TextChoices):
    """What the close-out says to a person: came, was absent, or followed online."""

    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Registered in person, absent")
    ONLINE = "online", _("Online")


# Khmer has one title, លោកស្រី, for Ms and for Mrs: its list of salutations tells Mrs apart with
# a note, which the title before a name leaves out.
SALUTATIONS_BEFORE_A_NAME = {
    Salutation.MRS: pgettext_lazy("salutation before a name", "Mrs"),
}

GENDERED_SALUTATIONS = {
    (Salutation.DR, Gender.MAN): pgettext_lazy("salutation of a man", "Dr"),
    (Salutation.DR, Gender.WOMAN): pgettext_lazy("salutation of a woman", "Dr"),
    (Salutation.PROF, Gender.MAN): pgettext_lazy("salutation of a man", "Prof."),
    (Salutation.PROF, Gender.WOMAN): pgettext_lazy("salutation of a woman", "Prof."),
    (Salutation.HE, Gender.MAN): pgettext_lazy("salutation of a man", "H.E."),
    (Salutation.HE, Gender.WOMAN): pgettext_lazy("salutation of a woman", "H.E."),
}

# Khmer greets nobody by the bare name: the title of a person who chose no salutation. Only
# Khmer uses these (see `title_for_greeting`); English says "Dear Sokha Chan".
UNSALUTED_TITLES = {
    Gender.MAN: pgettext_lazy("title of a man who chose no salutation", "Mr"),
    Gender.WOMAN: pgettext_lazy("title of a woman who chose no salutation", "Ms"),
    None: pgettext_lazy("title of a person of another or undisclosed gender", "Mr or Ms"),
}


def covers_day(days: str, day: int) -> bool:
    """Whether a registration for `days` (both, day1 or day2) comes on day `day` of its event."""
    return days == Days.BOTH or days == f"day{day}"


def days_attended(event, days: str) -> list[tuple[int, date]]:
    """The days of `event` a registration for `days` comes on: (number from 1, date)."""
    return [
        (number, day)
        for number, day in enumerate(event.days(), start=1)
        if covers_day(days, number)
    ]
