"""The second factor: which users still need it, and the gate that sends them to it."""

from django.http import HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

# Every page under these is for staff: the admin (with the report) and the door.
STAFF_PATHS = ("/admin/", "/checkin/")


def needs_second_factor(user) -> bool:
    """Signed in with a password, but not yet with a second factor in this session."""
    return user.is_authenticated and not user.is_verified()


def confirmed_device(user) -> TOTPDevice | None:
    """The authenticator app a user set up, or None when they have yet to set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def safe_next(request) -> str:
    """Where to go once verified: the page asked for, if it is on this site, else the admin."""
    wanted = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("admin:index")


def to_second_factor(next_url: str, step: str = "accounts:second_factor"):
    """A redirect to a step of the second factor, carrying the page to return to."""
    if not next_url:
        return HttpResponseRedirect(reverse(step))
    query = QueryDict(mutable=True)
    query["next"] = next_url
    return HttpResponseRedirect(f"{reverse(step)}?{query.urlencode(safe='/')}")


def _open_paths() -> tuple[str, ...]:
    """Staff addresses a password alone may reach: signing in and out, and this step itself."""
    return (reverse("admin:login"), reverse("admin:logout"), reverse("accounts:second_factor"))


class SecondFactorRequired:
    """A password alone opens no staff page: such a session is sent to the second factor.

    The admin refuses it too (`StaffAdminSite`); this gate also covers the door, whose views
    check only permissions. Visitors who are not signed in pass: the pages' own checks send them
    to the sign-in page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if (
            path.startswith(STAFF_PATHS)
            and needs_second_factor(request.user)
            and not path.startswith(_open_paths())
        ):
            return to_second_factor(request.get_full_path())
        return self.get_response(request)
