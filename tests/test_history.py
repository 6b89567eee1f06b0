"""`Participant.history` from a manager class made once answers as simple-history's own does."""

import pytest
from simple_history.manager import HistoryDescriptor

from tests.factories import ParticipantFactory
from wpsevents.history import KeptManagerClassDescriptor
from wpsevents.participants.models import Participant

pytestmark = pytest.mark.django_db


def test_history_is_read_through_the_kept_manager_class():
    assert isinstance(Participant.__dict__["history"], KeptManagerClassDescriptor)
    assert type(Participant.history) is type(ParticipantFactory().history)


def test_the_kept_manager_answers_as_simple_historys_own():
    person = ParticipantFactory(organisation="Before")
    person.organisation = "After"
    person.save()
    kept = Participant.__dict__["history"]
    plain = HistoryDescriptor(kept.model, manager=kept.manager_class, queryset=kept.queryset_class)
    for instance in (None, person):
        ours, theirs = kept.__get__(instance, Participant), plain.__get__(instance, Participant)
        assert sorted(dir(ours)) == sorted(dir(theirs))
        assert list(ours.values_list("organisation", "history_type")) == list(
            theirs.values_list("organisation", "history_type")
        )
    assert [record.organisation for record in person.history.all()] == ["After", "Before"]
