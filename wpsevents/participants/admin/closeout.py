"""The close-out from the admin: the counts first, then one click sends it (see the rules)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wpsevents.events.models import Event

from .. import rules

# Organisers only: it writes to every participant, which check-in staff may not do.
CLOSE_OUT_PERMISSION = "participants.change_participant"


def close_out_view(modeladmin, request, event_id: int):
    """A page with what the close-out will send; confirming it sends it once."""
    if not request.user.has_perm(CLOSE_OUT_PERMISSION):
        raise PermissionDenied
    event = get_object_or_404(Event, pk=event_id)
    if request.method == "POST":
        try:
            counts = rules.close_out_event(event=event)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except rules.EventBusy:
            messages.error(request, _("The event is busy; try again."))
        else:
            messages.success(request, _sent_message(counts))
            return redirect("admin:events_event_change", event.pk)
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": _("Close out %(event)s") % {"event": event},
        "event": event,
        "counts": rules.close_out_counts(event=event),
    }
    return TemplateResponse(request, "admin/participants/participant/close_out.html", context)


def _sent_message(counts: rules.CloseOutCounts) -> str:
    return _(
        "Close-out sent: %(total)s emails queued (%(attended)s attended, %(absent)s absent, "
        "%(online)s online); %(before)s people had been written to before."
    ) % {
        "total": counts.to_send,
        "attended": counts.attended,
        "absent": counts.absent,
        "online": counts.online,
        "before": counts.already_sent,
    }
