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
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wpsevents.forms import NormalisedFormMixin
from wpsevents.khmer import LocalNumber

from ..mail.queue import queue_emails
from ..mail.render import RenderedMessage, render_message
from ..models import OutgoingEmail, Participant

BATCH_SIZE = 500
TEMPLATE = "admin/participants/participant/message.html"


GREETINGS = ("dear ", "hello", "hi ", "ជូនចំពោះ", "សួស្តី", "ជម្រាបសួរ")


class MessageForm(NormalisedFormMixin, forms.Form):
    """What organisers write: an English and an optional Khmer version, plain text."""

    multiline_fields = ("body", "body_km")

    subject = forms.CharField(label=_("Subject in English"), max_length=150)
    body = forms.CharField(
        label=_("Message in English"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        help_text=_(
            "Plain text. Start with the message itself: each email already begins with "
            "“Dear <name>,” in the person's language, and the event's details and their "
            "private link are added after it."
        ),
    )
    subject_km = forms.CharField(
        label=_("Subject in Khmer"),
        max_length=150,
        required=False,
        help_text=_("Optional. Empty: the English subject."),
    )
    body_km = forms.CharField(
        label=_("Message in Khmer"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        help_text=_("Optional. People who chose Khmer get it; without it, they get the English."),
    )

    def _refuse_greeting(self, name: str) -> str:
        text = self.cleaned_data.get(name, "")
        if text.strip().lower().startswith(GREETINGS):
            raise forms.ValidationError(
                _("Leave out the greeting: each email already begins with “Dear <name>,”."),
                code="greeting",
            )
        return text

    def clean_body(self) -> str:
        """The English text, without a greeting of its own."""
        return self._refuse_greeting("body")

    def clean_body_km(self) -> str:
        """The Khmer text, without a greeting of its own."""
        return self._refuse_greeting("body_km")

    def version_for(self, language: str) -> dict:
        """The subject and text a person in `language` receives."""
        return version_for(language, **self.cleaned_data)


def version_for(language: str, *, subject: str, body: str, subject_km="", body_km="") -> dict:
    """The subject and text a person in `language` receives: the Khmer when it is written."""
    if language == Participant.Language.KHMER and body_km:
        return {"subject": subject_km or subject, "body": body_km}
    return {"subject": subject, "body": body}


@transaction.atomic
def send_message(*, participants, subject: str, body: str, subject_km="", body_km="") -> int:
    """Queue the message for each participant in their language; sent after the commit."""
    versions = {"subject": subject, "body": body, "subject_km": subject_km, "body_km": body_km}
    ids = list(participants.order_by().values_list("pk", flat=True).distinct())
    for start in range(0, len(ids), BATCH_SIZE):
        batch = Participant.objects.filter(pk__in=ids[start : start + BATCH_SIZE])
        for language in Participant.Language.values:
            readers = batch.filter(language=language).only("email")
            queue_emails(readers, OutgoingEmail.Kind.MESSAGE, **version_for(language, **versions))
    return len(ids)


def render_preview(participant: Participant, *, subject: str, body: str) -> RenderedMessage:
    """The email one participant would receive, made as the email itself is, with a stand-in
    private link."""
    message = OutgoingEmail(
        participant=participant, kind=OutgoingEmail.Kind.MESSAGE, subject=subject, body=body
    )
    with translation.override(participant.language):
        # the participant's language decides the link's address, as in the email itself
        link = settings.SITE_URL + reverse("participants:manage", args=["TOKEN"])
        return render_message(message, private_link=link.replace("TOKEN", "…"))


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
                "The message is queued for %(count)s participant.",
                "The message is queued for %(count)s participants.",
                sent,
            )
            % {"count": LocalNumber(sent)},
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
        context.update(_preview_context(queryset, form))
    return TemplateResponse(request, TEMPLATE, context)


def _preview_context(queryset, form: MessageForm) -> dict:
    by_status = dict(
        queryset.order_by().values_list("status").annotate(count=Count("pk", distinct=True))
    )
    samples = []
    for language, label in Participant.Language.choices:
        sample = queryset.filter(language=language).select_related("event").first()
        if sample is not None:
            rendered = render_preview(sample, **form.version_for(language))
            samples.append({"language": label, "participant": sample, "rendered": rendered})
    return {
        "preview": True,
        "recipients": sum(by_status.values()),
        "by_status": [
            (label, by_status[value])
            for value, label in Participant.Status.choices
            if value in by_status
        ],
        "samples": samples,
    }
