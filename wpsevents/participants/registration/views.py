"""The registrant's pages: register, confirmation, private link, link again.

The private-link pages are opened with the cookie the link from an email sets (see
`private_link`): their addresses hold no secret.
"""

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from wpsevents.events.cache import is_anonymous_visit, kept
from wpsevents.events.models import Event, RegistrationState
from wpsevents.proxy import client_network

from .. import rules
from ..calendar import calendar_of
from ..models import GROUP, Participant
from ..qr import checkin_qr_svg
from ..summary import RegistrationSummary
from ..tokens import revoke_other_private_links
from . import limits
from .blank_form import blank_registration_page, render_registration_page
from .forms import ChangeRegistrationForm, RegistrationForm, ResendLinkForm
from .private_link import private_link_in, with_private_link

DONE_COOKIE = "registration_done"
DONE_SALT = "participants.registration-done"
DONE_MAX_AGE = 60 * 60


def _event(slug: str) -> Event:
    return get_object_or_404(Event.objects.published().with_seats_taken(), slug=slug)


def _public_event(slug: str) -> Event:
    """The published event and its working groups, from the cache of public content.

    Its seat count may be a minute old: the registration rules count again under the lock.
    """
    return kept(f"public-event:{slug}", lambda: _event(slug).offer_working_groups())


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="10/m", method="POST", block=True)
@ratelimit(
    group="registration-network",
    key=limits.network_key,
    rate=limits.network_rate,
    method="POST",
    block=True,
)
@ratelimit(
    group="registration-event",
    key=limits.event_key,
    rate=limits.event_rate,
    method="POST",
    block=True,
)
def register(request, slug):
    """The registration form; a valid one goes to the rules, then to the confirmation page.

    A filled trap changes nothing the visitor sees: the place waits for the email's link.
    """
    event = _public_event(slug)
    if event.is_invitation_only:
        return _invitation_only(request, event)
    if request.method == "GET" and is_anonymous_visit(request):
        return blank_registration_page(request, event)
    form = RegistrationForm(request.POST or None, event=event)
    if request.method == "POST":
        limits.watch_for_burst(request, event)
    if request.method == "POST" and form.is_valid():
        try:
            registration = rules.register_participant(
                event=event,
                data=form.registration_data(),
                needs_proof=form.trap_filled,
                network=client_network(request),
            )
        except ValidationError as error:
            form.release_stamp()
            form.add_error(None, error)
        except rules.EventBusy:
            form.release_stamp()
            return render(request, "busy.html", status=503)
        else:
            return _to_done_page(event, registration, form.cleaned_data)
    return HttpResponse(render_registration_page(request, event, form))


def _invitation_only(request, event) -> HttpResponse:
    """The page of an event by invitation only: how to ask for one, and no form.

    A form sent all the same is refused here, before anything is read from it.
    """
    if request.method == "GET":
        return blank_registration_page(request, event)
    page = render_registration_page(request, event, None, refused=True)
    return HttpResponse(page, status=403)


def _addressed_name(registration: rules.Registration, data: dict) -> str:
    """The title and name the confirmation thanks the person by, in the page's language.

    An address registered already made no registration: the name is the one just submitted.
    """
    if registration.participant is not None:
        return registration.participant.addressed_name()
    fields = ("salutation", "gender", "given_name", "family_name", "name_khmer")
    return Participant(**{field: data.get(field) or "" for field in fields}).addressed_name()


def _to_done_page(event, registration: rules.Registration, data: dict) -> HttpResponse:
    """Redirect to the confirmation, carrying what it says in a signed cookie.

    A cookie rather than the session: a registration then writes no session row, which keeps
    a burst of registrations to the queries the rules need. It holds what the visitor
    submitted, so the page reads the same whether the address was new or already registered.
    "group" names the working group only when its seats are taken; "working_group" names it
    always. A cookie without the attendance mode, days or working group still reads, as an
    in-person registration waiting, if at all, for the room.
    """
    response = redirect("participants:done", slug=event.slug)
    group = data.get("working_group")
    done = {
        "slug": event.slug,
        "status": registration.status,
        "name": _addressed_name(registration, data),
        "mode": data["attendance_mode"],
        "days": data.get("days", ""),
        "working_group": group.title if group is not None else "",
        "group": group.title if registration.waits_for == GROUP else "",
    }
    value = signing.dumps(done, salt=DONE_SALT)
    response.set_cookie(
        DONE_COOKIE,
        value,
        max_age=DONE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _done_from(request) -> dict | None:
    """What the confirmation page says, if this browser has just registered."""
    try:
        return signing.loads(
            request.COOKIES.get(DONE_COOKIE, ""), salt=DONE_SALT, max_age=DONE_MAX_AGE
        )
    except signing.BadSignature:
        return None


@never_cache
@require_safe
def registration_done(request, slug):
    """What happens next; the same page whether the address was new or already registered."""
    event = _event(slug)
    done = _done_from(request)
    if not done or done.get("slug") != event.slug:
        return redirect("participants:register", slug=event.slug)
    summary = RegistrationSummary.submitted(
        event,
        days=done.get("days", ""),
        mode=done.get("mode", Participant.AttendanceMode.IN_PERSON),
        group=done.get("working_group") or done.get("group", ""),
        waits_for_group=bool(done.get("group")),
    )
    context = {
        "event": event,
        "done": done,
        "summary": summary,
        "hold_minutes": settings.REGISTRATION_HOLD_MINUTES,
    }
    return render(request, "participants/registration_done.html", context)


@never_cache
@require_safe
@with_private_link
def manage(request, participant):
    """The private link: one's registration, check-in code and calendar.

    Opening it shows that the address is real, and a place held for it becomes the person's;
    it changes nothing else. The check-in code is for a confirmed seat in the room; online
    participants never come to the door. A cancelled registration may be made again, as the
    registration form revives it.
    """
    participant = rules.confirm_hold(participant=participant)
    event = participant.event
    comes_to_the_door = participant.status == Participant.Status.CONFIRMED and (
        participant.is_in_person
    )
    registration_open = event.registration_state() in (
        RegistrationState.OPEN,
        RegistrationState.FULL,
    )
    may_register_again = (
        participant.status == Participant.Status.CANCELLED
        and event.is_published
        and registration_open
    )
    context = {
        "participant": participant,
        "event": event,
        "qr_svg": checkin_qr_svg(participant) if comes_to_the_door else "",
        "may_register_again": may_register_again,
        "summary": RegistrationSummary.of(participant),
        # asked only after the event: the page costs no query more before it
        "has_certificate": event.is_held and bool(rules.days_checked_in(participant)),
        "may_answer_survey": event.starts_at <= timezone.now()
        and rules.feedback_refusal(participant) is None,
    }
    return render(request, "participants/manage.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@with_private_link
def change(request, participant):
    """Change one's registration through the rules; a refused change saves nothing."""
    form = ChangeRegistrationForm(request.POST or None, instance=participant)
    if request.method == "POST" and participant.is_active and form.is_valid():
        try:
            rules.update_registration(participant=participant, data=form.changes(), tell=True)
        except ValidationError as error:
            form.add_error(None, error)
        except rules.EventBusy:
            return render(request, "busy.html", status=503)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("participants:manage")
    context = {"participant": participant, "event": participant.event, "form": form}
    return render(request, "participants/change.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@with_private_link
def cancel(request, participant):
    """Ask once more, then cancel the registration."""
    if request.method == "POST" and participant.is_active:
        try:
            rules.cancel_registration(participant=participant)
        except rules.EventBusy:
            return render(request, "busy.html", status=503)
        messages.success(request, _("Your registration has been cancelled."))
        return redirect("participants:manage")
    return render(
        request,
        "participants/cancel.html",
        {"participant": participant, "event": participant.event},
    )


@never_cache
@require_POST
@with_private_link
def sign_out_other_links(request, participant):
    """Make every other private link of this registration stop working; this browser keeps its."""
    revoke_other_private_links(private_link_in(request))
    messages.success(
        request,
        _(
            "Your other private links have stopped working, in other browsers and in emails "
            "alike. This browser stays signed in."
        ),
    )
    return redirect("participants:manage")


@never_cache
@require_safe
@with_private_link
def personal_calendar(request, participant):
    """The person's own calendar file, from the private link, while the registration stands."""
    if not participant.is_active:
        raise Http404
    event = participant.event
    calendar = calendar_of(participant)
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="5/m", method="POST", block=True)
def resend_link(request, slug):
    """Send the private link again; the answer never tells whether the address is registered."""
    event = _event(slug)
    form = ResendLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rules.send_private_link(event=event, email=form.cleaned_data["email"])
        url = reverse("participants:resend_link", kwargs={"slug": event.slug})
        return redirect(f"{url}?sent=1")
    context = {
        "event": event,
        "form": form,
        "sent": request.method == "GET" and "sent" in request.GET,
    }
    return render(request, "participants/resend_link.html", context)
