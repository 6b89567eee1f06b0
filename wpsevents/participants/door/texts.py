"""The door app's words that its script shows, in the staff member's language."""

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def counted(forms: Callable[[int], str]) -> dict[str, str]:
    """A sentence with a count, as door.js chooses it: the form for one, and for more.

    `forms(n)` is the sentence's ngettext for n. English has these two forms, Khmer one; door.js
    takes "one" where the page's language calls the count one (Intl.PluralRules).
    """
    return {"one": forms(1), "other": forms(2)}


def app_texts() -> dict[str, str | dict[str, str]]:
    """Every sentence door.js shows or announces; `%(name)s`-style holes are filled there."""
    return {
        "online": _("Online."),
        "offline": _("Offline: check-ins wait on this phone and are sent when back online."),
        "kept": counted(
            lambda n: ngettext(
                "%(count)s person of %(event)s kept on this phone until the end of the day.",
                "%(count)s people of %(event)s kept on this phone until the end of the day.",
                n,
            )
        ),
        "no_list": _("No list on this phone yet: connect to the internet once to download it."),
        "waiting": counted(
            lambda n: ngettext(
                "%(count)s check-in waiting to be sent.",
                "%(count)s check-ins waiting to be sent.",
                n,
            )
        ),
        "all_sent": _("Everything is sent."),
        "sending": _("Sending…"),
        # Chosen by the count of conflicts, the one word whose form changes in English.
        "sent": counted(
            lambda n: ngettext(
                "Sent: %(recorded)s recorded, %(already)s already checked in, %(count)s conflict.",
                "Sent: %(recorded)s recorded, %(already)s already checked in, %(count)s conflicts.",
                n,
            )
        ),
        "signed_out": _("Your session has ended. Sign in again to send the check-ins."),
        "send_failed": _("Could not send now: the phone will try again."),
        "matches": counted(
            lambda n: ngettext("%(count)s match.", "%(count)s matches.", n),
        ),
        "no_match": _("No match on this phone. Add them as a walk-in if they are not registered."),
        "type_more": _("Type at least two characters."),
        "check_in": _("Check in for %(day)s"),
        "day_1": _("Day 1"),
        "day_2": _("Day 2"),
        "no_photos": _("NO PHOTOS"),
        "no_photos_why": _("This person has not agreed to be photographed."),
        "photos_ok": _("Agreed to be photographed."),
        "checked_in_here": _(
            "Checked in on this phone for %(day)s at %(time)s: waiting to be sent."
        ),
        "checked_in_before": _("Already checked in for %(day)s at %(time)s."),
        "queued": _("%(name)s checked in for %(day)s."),
        "walk_in_queued": _("%(name)s added as a walk-in."),
        "walk_in": _("Walk-in"),
        "waiting_one": _("Waiting to be sent."),
        "recorded": _("Recorded"),
        "already": _("Someone else was first"),
        "conflict": _("Conflict"),
        "unknown_code": _("This QR code is not a registration of this event on this phone."),
        "found": _("Found: %(name)s."),
        "camera_refused": _("The camera could not be opened. Search by name instead."),
        "scanning": _("Point the camera at the QR code."),
        "group": _("Working group: %(title)s"),
        "group_in_room": _("Working group: %(title)s, in %(room)s"),
        "days_both": _("Both days"),
        "days_day1": _("Day 1 only"),
        "days_day2": _("Day 2 only"),
        "unsent_sign_out": counted(
            lambda n: ngettext(
                "%(count)s check-in is not sent yet and will be lost. Sign out anyway?",
                "%(count)s check-ins are not sent yet and will be lost. Sign out anyway?",
                n,
            )
        ),
    }
