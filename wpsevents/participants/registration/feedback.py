"""The feedback survey, reached from the private link (`/r/feedback/`) and the close-out email."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wpsevents.forms import NormalisedFormMixin

from .. import rules
from ..models import RATINGS
from ..models.feedback import FREE_TEXT_LENGTH
from .private_link import with_private_link

SESSION_FIELD = "session_{}"


class FeedbackForm(NormalisedFormMixin, forms.Form):
    """The survey: an overall rating, how useful each session was, and free text."""

    multiline_fields = ("to_improve", "comments")

    overall_rating = forms.TypedChoiceField(
        label=_("Overall, how would you rate the event?"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    to_improve = forms.CharField(
        label=_("What could we improve?"),
        required=False,
        max_length=FREE_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    comments = forms.CharField(
        label=_("Anything else you would like to tell us?"),
        required=False,
        max_length=FREE_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = sessions
        for session in sessions:
            self.fields[SESSION_FIELD.format(session.pk)] = forms.TypedChoiceField(
                label=_("How useful was “%(session)s” to you?") % {"session": session.title},
                help_text=_("Leave it empty if you did not follow this session."),
                choices=RATINGS,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        self.order_fields(["overall_rating", *self._session_fields(), "to_improve", "comments"])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("send", _("Send my answers")))

    def _session_fields(self) -> list[str]:
        return [SESSION_FIELD.format(session.pk) for session in self.sessions]

    def answers(self) -> rules.Answers:
        """The valid form's answers, as the rules take them."""
        data = self.cleaned_data
        ratings = {
            session.pk: data[SESSION_FIELD.format(session.pk)]
            for session in self.sessions
            if data.get(SESSION_FIELD.format(session.pk)) is not None
        }
        return rules.Answers(
            overall_rating=data["overall_rating"],
            to_improve=data["to_improve"],
            comments=data["comments"],
            session_ratings=ratings,
        )


@never_cache
@require_http_methods(["GET", "POST"])
@with_private_link
def feedback(request, participant):
    """The survey, or why it cannot be answered (not open yet, not for this person, done)."""
    event = participant.event
    context = {"participant": participant, "event": event}
    refusal = rules.feedback_refusal(participant)
    if refusal is not None:
        context["refusal"] = refusal.messages[0]
        return render(request, "participants/feedback.html", context)
    data = request.POST if request.method == "POST" else None  # an empty answer is an answer
    form = FeedbackForm(data, sessions=rules.rated_sessions(event))
    if request.method == "POST" and form.is_valid():
        try:
            rules.submit_feedback(participant=participant, answers=form.answers())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your answers have been recorded."))
            return redirect("participants:manage")
    context["form"] = form
    return render(request, "participants/feedback.html", context)
