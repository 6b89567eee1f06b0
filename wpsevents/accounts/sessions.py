"""How long a staff session lasts: an hour without a request ends it, and so do twelve hours.

Only signed-in users have a session here (visitors get none: public pages are cached and set
no cookie), so every session these rules bound is a member of staff's.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import ngettext

from wpsevents.khmer import LocalNumber

SIGNED_IN_AT = "staff_signed_in_at"
LAST_SEEN_AT = "staff_last_seen_at"
# Activity is written down at most once a minute, not on every request: a page of the admin then
# saves no session row, and the idle limit is still kept to the minute.
SEEN_PRECISION_SECONDS = 60


def stamp_sign_in(sender, request, user, **kwargs):
    """Note when a session began and was last used (a receiver of `user_logged_in`)."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


def ended_because(session, now: float) -> str | None:
    """Why a signed-in session has ended by `now`, or None while it may go on.

    A session without a start (made before these rules) counts as ended: it signs in again.
    """
    idle = settings.STAFF_SESSION_IDLE_MINUTES
    longest = settings.STAFF_SESSION_MAX_HOURS
    signed_in_at = session.get(SIGNED_IN_AT, 0)
    if now - session.get(LAST_SEEN_AT, signed_in_at) > idle * 60:
        return ngettext(
            "You were signed out after %(count)s minute without activity. Please sign in again.",
            "You were signed out after %(count)s minutes without activity. Please sign in again.",
            idle,
        ) % {"count": LocalNumber(idle)}
    if now - signed_in_at > longest * 3600:
        return ngettext(
            "You were signed out: a session lasts at most %(count)s hour. Please sign in again.",
            "You were signed out: a session lasts at most %(count)s hours. Please sign in again.",
            longest,
        ) % {"count": LocalNumber(longest)}
    return None


class StaffSessionLimits:
    """Sign staff out after a while without activity, and after a while in all.

    A session stolen from a shared computer at the door, or left open on one, stops working
    without anyone having to remember to sign out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie nobody is signed in: visitors cost one dictionary lookup.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            now = time.time()
            reason = ended_because(request.session, now)
            if reason:
                logout(request)
                messages.info(request, reason)
            elif now - request.session.get(LAST_SEEN_AT, 0) >= SEEN_PRECISION_SECONDS:
                request.session[LAST_SEEN_AT] = now
        return self.get_response(request)
