"""The blank registration form, rendered once per language and content version, then filled in.

Rendered for each visitor, the form costs about 70 ms of CPU: its 250 countries and other
choices go through Django's widget templates one option at a time. `make bench` measured the
form's page at 0.02 of the ceiling rendered per visitor, and 0.9 kept rendered (the target is
0.6): the first minutes after the invitation email are mostly people opening this page. What
differs between two visitors' blank forms is two values, the CSRF token and the signed time the
form was handed out; the kept page holds stand-ins for them, replaced for each visitor.
"""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from wpsevents.events.cache import content_version, current, keep, page_key

from .forms import RegistrationForm
from .robots import new_form_stamp

CSRF_STAND_IN = "csrf-token-stand-in-7c1f"
STAMP_STAND_IN = "form-started-stand-in-7c1f"


def blank_registration_page(request, event) -> HttpResponse:
    """The empty registration form for `event`, as `render_registration_page` would make it.

    The page is dropped with the other public pages when content changes or the last seats go,
    so its call to action stays true.
    """
    key = page_key(request)
    content = current(key)
    if content is None:
        version = content_version()
        form = RegistrationForm(event=event)
        form.initial["started"] = STAMP_STAND_IN
        content = render_registration_page(request, event, form, csrf_token=CSRF_STAND_IN)
        keep(key, content, version)
    page = content.replace(CSRF_STAND_IN, get_token(request))
    return HttpResponse(page.replace(STAMP_STAND_IN, new_form_stamp()))


def render_registration_page(request, event, form, *, csrf_token=None, refused=False) -> str:
    """The registration page with this form, rendered for this request.

    `refused` says a form was sent to an event by invitation only.
    """
    state = event.registration_state(event.seats_taken)
    context = {"event": event, "form": form, "state": state, "refused": refused}
    if csrf_token is not None:
        context["csrf_token"] = csrf_token
    return render_to_string("participants/register.html", context, request)
