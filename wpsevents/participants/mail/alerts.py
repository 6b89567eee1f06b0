"""Emails to the organisers themselves, sent by the worker: the alarm of a burst of sign-ups."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from wpsevents.events.models import Event

from ..models import Participant
from ..roles import ORGANISERS


@task()
def alert_organisers_of_burst(event_id: int) -> str:
    """Tell the organisers that the event's registration form is sent unusually often."""
    event = Event.objects.get(pk=event_id)
    recipients = organiser_addresses()
    if not recipients:
        return "no organiser to tell"
    held = reverse("admin:participants_participant_changelist") + (
        f"?event__id__exact={event.pk}&status__exact={Participant.Status.HELD}"
    )
    body = _(
        "The registration form of “%(event)s” is being sent more often than %(rate)s.\n\n"
        "If a robot is registering invented addresses, the seats it takes are only held: they "
        "go back to the waitlist when nobody opens the link in the email. To cancel the held "
        "registrations at once, open the list below, check that they are not real people, "
        "select them and choose “Cancel the selected held registrations”.\n\n%(url)s\n"
    ) % {
        "event": event.title,
        "rate": settings.REGISTRATION_BURST_ALERT,
        "url": settings.SITE_URL + held,
    }
    subject = _("Unusual burst of registrations: %(event)s") % {"event": event.title}
    send_mail(" ".join(subject.split()), body, None, recipients)
    return f"told {len(recipients)}"


def organiser_addresses() -> list[str]:
    """The addresses of the active organisers and superusers."""
    users = get_user_model().objects.filter(
        Q(groups__name=ORGANISERS) | Q(is_superuser=True), is_active=True
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))
