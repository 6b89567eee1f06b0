"""The registrant's pages: register, confirmation, private link, link again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from wpsevents.events.calendar import event_calendar
from wpsevents.events.models import Event

from . import services
from .emails import checkin_qr_svg
from .forms import ChangeRegistrationForm, RegistrationForm, ResendLinkForm
from .tokens import participant_for_token

DONE_SESSION_KEY = "registration_done"


def _event(slug: str) -> Event:
    return get_object_or_404(Event.objects.published().with_seats_taken(), slug=slug)


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="10/m", method="POST", block=True)
def register(request, slug):
    """The registration form; a valid one goes to the rules, then to the confirmation page."""
    event = _event(slug)
    state = event.registration_state(event.seats_taken)
    form = RegistrationForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register_participant(event=event, data=form.registration_data())
        except ValidationError as error:
            form.add_error(None, error)
        except services.EventBusy:
            return render(request, "busy.html", status=503)
        else:
            request.session[DONE_SESSION_KEY] = {
                "slug": event.slug,
                "status": registration.status,
                "name": form.cleaned_data["given_name"],
            }
            return redirect("participants:done", slug=event.slug)
    return render(
        request, "participants/register.html", {"event": event, "form": form, "state": state}
    )


@never_cache
@require_safe
def registration_done(request, slug):
    """What happens next; the same page whether the address was new or already registered."""
    event = _event(slug)
    done = request.session.get(DONE_SESSION_KEY)
    if not done or done.get("slug") != event.slug:
        return redirect("participants:register", slug=event.slug)
    return render(request, "participants/registration_done.html", {"event": event, "done": done})


def _participant(token: str):
    participant = participant_for_token(token)
    if participant is None:
        raise Http404
    return participant


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    """The private link: see, change or cancel one's registration. GET never changes anything."""
    participant = _participant(token)
    form = ChangeRegistrationForm(request.POST or None, instance=participant)
    if request.method == "POST" and participant.is_active and form.is_valid():
        try:
            services.update_registration(participant=participant, data=form.changes())
        except ValidationError as error:
            form.add_error(None, error)
        except services.EventBusy:
            return render(request, "busy.html", status=503)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("participants:manage", token=token)
    return render(
        request,
        "participants/manage.html",
        {
            "participant": participant,
            "event": participant.event,
            "form": form,
            "token": token,
            "qr_svg": checkin_qr_svg(participant) if participant.status == "confirmed" else "",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def cancel(request, token):
    """Ask once more, then cancel the registration."""
    participant = _participant(token)
    if request.method == "POST" and participant.is_active:
        try:
            services.cancel_registration(participant=participant)
        except services.EventBusy:
            return render(request, "busy.html", status=503)
        messages.success(request, _("Your registration has been cancelled."))
        return redirect("participants:manage", token=token)
    return render(
        request,
        "participants/cancel.html",
        {"participant": participant, "event": participant.event, "token": token},
    )


@never_cache
@require_safe
def personal_calendar(request, token):
    """The event's calendar file, from the private link."""
    participant = _participant(token)
    event = participant.event
    response = HttpResponse(
        event_calendar(event, event.sessions.all()), content_type="text/calendar; charset=utf-8"
    )
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
        services.send_private_link(event=event, email=form.cleaned_data["email"])
        messages.info(
            request,
            _("If this address is registered for the event, its private link is on its way."),
        )
        return redirect("participants:resend_link", slug=event.slug)
    return render(request, "participants/resend_link.html", {"event": event, "form": form})
