"""The delegation's pages, for its focal point: nominate, see, replace and withdraw delegates.

Opened with the cookie the delegation link from the email sets (see `delegation_link`).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from .. import rules
from ..models import Delegation, Participant
from .delegation_link import with_delegation_link
from .letters import letter_response
from .nomination_form import NominationForm


def _page(request, delegation: Delegation, form, template="participants/delegation.html", **more):
    """Render a delegation page: its quota used and left, and its nominees."""
    counted = Delegation.objects.with_quota_used().select_related("event").get(pk=delegation.pk)
    nominees = counted.nominees.select_related("working_group").order_by("created_at", "pk")
    context = {
        "delegation": counted,
        "organisation": counted.name_in(get_language()),
        "event": counted.event,
        "nominees": nominees,
        "form": form,
        **more,
    }
    return render(request, template, context)


def _nominee(delegation: Delegation, reference: str) -> Participant:
    return get_object_or_404(delegation.nominees.select_related("event"), reference=reference)


def _attempt(request, form, rule, done_message: str):
    """Apply a rule for a valid form; a refusal becomes the form's error, nothing saved."""
    try:
        nominee = rule()
    except ValidationError as error:
        form.add_error(None, error)
        return None
    except rules.EventBusy:
        return render(request, "busy.html", status=503)
    messages.success(request, done_message % {"name": nominee.full_name, "email": nominee.email})
    return redirect("participants:delegation")


@never_cache
@require_http_methods(["GET", "POST"])
@with_delegation_link
def delegation_page(request, delegation):
    """The delegation's nominees and quota, and the form to nominate one more."""
    form = NominationForm(request.POST or None, delegation=delegation)
    if request.method == "POST" and delegation.is_nominating and form.is_valid():
        response = _attempt(
            request,
            form,
            lambda: rules.nominate_delegate(delegation=delegation, data=form.nominee_data()),
            _("%(name)s is nominated and confirmed. The confirmation is on its way to %(email)s."),
        )
        if response is not None:
            return response
    return _page(request, delegation, form)


@never_cache
@require_http_methods(["GET", "POST"])
@with_delegation_link
def replace_nominee(request, delegation, reference):
    """Put another person in a nominee's place, before the deadline."""
    nominee = _nominee(delegation, reference)
    form = NominationForm(
        request.POST or None, delegation=delegation, submit_label=_("Replace the delegate")
    )
    if request.method == "POST" and form.is_valid():
        response = _attempt(
            request,
            form,
            lambda: rules.replace_delegate(
                delegation=delegation, nominee=nominee, data=form.nominee_data()
            ),
            _("%(name)s now takes the place. The confirmation is on its way to %(email)s."),
        )
        if response is not None:
            return response
    return _page(request, delegation, form, "participants/delegation_replace.html", nominee=nominee)


@never_cache
@require_http_methods(["GET", "POST"])
@with_delegation_link
def withdraw_nominee(request, delegation, reference):
    """Ask once more, then withdraw a nominee: the seat goes back to the delegation."""
    nominee = _nominee(delegation, reference)
    if request.method == "POST" and nominee.is_active:
        try:
            rules.withdraw_delegate(delegation=delegation, nominee=nominee)
        except rules.EventBusy:
            return render(request, "busy.html", status=503)
        messages.success(request, _("%(name)s is withdrawn.") % {"name": nominee.full_name})
        return redirect("participants:delegation")
    return _page(
        request, delegation, None, "participants/delegation_withdraw.html", nominee=nominee
    )


@never_cache
@require_safe
@with_delegation_link
def nominee_letter(request, delegation, reference):
    """A confirmed nominee's invitation letter as a PDF, for the focal point to download."""
    nominee = _nominee(delegation, reference)
    try:
        letter = rules.issue_letter(participant=nominee)
    except ValidationError as error:
        raise Http404(error.messages[0]) from error
    except rules.EventBusy:
        return render(request, "busy.html", status=503)
    return letter_response(letter)
