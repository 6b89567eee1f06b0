"""Organisers write to a chosen set of participants: compose, preview, then queue one email each.

Each message is an `OutgoingEmail` of kind "message", sent by the email worker like every other
email, so it is recorded, retried when it fails, and carries the person's private link.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wpsevents.forms import NormalisedFormMixin

from ..mail.queue import queue_emails
from ..models import OutgoingEmail, Participant

BATCH_SIZE = 500
TEMPLATE = "admin/participants/participant/message.html"


class MessageForm(NormalisedFormMixin, forms.Form):
    """What organisers write: a subject and a plain-text message, checked like the public forms."""

    multiline_fields = ("body",)

    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 80}),
        help_text=_(
            "Plain text. Each person's greeting, the event's details and their private link "
            "are added around it."
        ),
    )


@transaction.atomic
def send_message(*, participants, subject: str, body: str) -> int:
    """Queue the message for each participant; the worker sends them after the commit."""
    ids = list(participants.order_by().values_list("pk", flat=True).distinct())
    for start in range(0, len(ids), BATCH_SIZE):
        batch = Participant.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).only("email")
        queue_emails(batch, OutgoingEmail.Kind.MESSAGE, subject=subject, body=body)
    return len(ids)


def render_preview(participant: Participant, *, subject: str, body: str) -> str:
    """The plain-text email one participant would receive, with a stand-in private link."""
    with translation.override(participant.language):
        context = {
            "participant": participant,
            "event": participant.event,
            "kind": OutgoingEmail.Kind.MESSAGE,
            "body": body,
            "subject": subject,
            "site_url": settings.SITE_URL,
            "event_url": settings.SITE_URL + participant.event.get_absolute_url(),
            # the participant's language decides the link's address, as in the email itself
            "private_link": settings.SITE_URL
            + reverse("participants:manage", args=["TOKEN"]).replace("TOKEN", "…"),
        }
        return render_to_string("participants/email/message.txt", context)


@admin.action(description=_("Email the selected participants"), permissions=["change"])
def message_participants(modeladmin, request, queryset):
    """Compose, preview, then send a message to the selected (or all filtered) people."""
    step = request.POST.get("step", "")
    form = MessageForm(request.POST if step in ("preview", "send", "edit") else None)
    if step == "send" and form.is_valid():
        sent = send_message(participants=queryset, **form.cleaned_data)
        modeladmin.message_user(
            request,
            ngettext(
                "The message is queued for %(count)d participant.",
                "The message is queued for %(count)d participants.",
                sent,
            )
            % {"count": sent},
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Email the selected participants"),
        "opts": modeladmin.model._meta,
        "form": form,
        "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "action_name": "message_participants",
    }
    if step == "preview" and form.is_valid():
        context.update(_preview_context(queryset, form.cleaned_data))
    return TemplateResponse(request, TEMPLATE, context)


def _preview_context(queryset, data: dict) -> dict:
    by_status = dict(
        queryset.order_by().values_list("status").annotate(count=Count("pk", distinct=True))
    )
    sample = queryset.select_related("event").first()
    return {
        "preview": True,
        "recipients": sum(by_status.values()),
        "by_status": [
            (label, by_status[value])
            for value, label in Participant.Status.choices
            if value in by_status
        ],
        "sample": sample,
        "rendered": render_preview(sample, **data) if sample else "",
    }
