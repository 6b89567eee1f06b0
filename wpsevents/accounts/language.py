"""The language of the back office and the door: each member of staff's own, remembered.

The admin and /checkin/ have no language prefix, so Django would show them in English to
everyone. A member of staff picks English or Khmer with the switcher on those pages; the
choice is kept on their account (`StaffPreference`) and, for each request, in their session.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import StaffPreference
from .second_factor import STAFF_PATHS

SESSION_KEY = "staff_language"


def preferred_language(user) -> str:
    """The language `user` chose for the staff pages, English until they choose."""
    preference = StaffPreference.objects.filter(user=user).first()
    return preference.language if preference else settings.LANGUAGE_CODE


def remember_language_on_sign_in(sender, request, user, **kwargs):
    """Put the language a member of staff chose into their new session as they sign in."""
    request.session[SESSION_KEY] = preferred_language(user)


class StaffLanguage:
    """Show the staff pages in the language their signed-in user chose."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(STAFF_PATHS) and request.user.is_authenticated:
            language = request.session.get(SESSION_KEY)
            if language not in dict(settings.LANGUAGES):
                language = request.session[SESSION_KEY] = preferred_language(request.user)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


@require_POST
@login_required(login_url="admin:login")
def choose_staff_language(request):
    """Keep the language chosen with the staff switcher, then show the same page in it.

    A language the site does not have changes nothing.
    """
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES):
        StaffPreference.objects.update_or_create(user=request.user, defaults={"language": language})
        request.session[SESSION_KEY] = language
    return redirect(_same_page(request))


def _same_page(request) -> str:
    page = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        page, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return page if allowed and page.startswith(STAFF_PATHS) else "/admin/"
