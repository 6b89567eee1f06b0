"""The email to a delegation's focal point: the delegation's link, in the focal point's language."""

from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import OutgoingEmail
from ..tokens import issue_delegation_link


def build_delegation_email(message: OutgoingEmail) -> EmailMultiAlternatives:
    """Render the focal point's email, plain text and HTML, with a freshly issued link.

    The link's secret is issued as the email is sent and kept only as a hash, as a private
    link's is; the link sent before stops working.
    """
    delegation = message.delegation
    event = delegation.event
    with translation.override(delegation.language):
        token = issue_delegation_link(delegation)
        context = {
            "delegation": delegation,
            "organisation": delegation.name_in(delegation.language),
            "event": event,
            "language": delegation.language,
            "delegation_link": settings.SITE_URL
            + reverse("participants:delegation", kwargs={"token": token}),
            "event_url": settings.SITE_URL + event.get_absolute_url(),
            "site_url": settings.SITE_URL,
            "subject": _("Nominate your delegation: %(event)s") % {"event": event.title},
        }
        text = render_to_string("participants/email/delegation_link.txt", context)
        html = render_to_string("participants/email/delegation_link.html", context)
    email = EmailMultiAlternatives(
        subject=" ".join(context["subject"].split()),
        body=text,
        to=[formataddr((delegation.focal_point_name, delegation.focal_point_email))],
        reply_to=[settings.ORGANISERS_EMAIL],
        headers={"Auto-Submitted": "auto-generated"},
    )
    email.attach_alternative(html, "text/html")
    return email
