"""How a person's name is written on badges, letters and at the door, in either language."""

import pytest
from django.utils import translation

from tests.factories import ParticipantFactory
from wpsevents.participants.models import Participant

pytestmark = pytest.mark.django_db

HE = Participant.Salutation.HE


@pytest.mark.parametrize(
    ("gender", "english", "khmer"),
    [
        ("man", "H.E. Sokha Chan", "ឯកឧត្តម Sokha Chan"),
        ("woman", "H.E. Sokha Chan", "លោកជំទាវ Sokha Chan"),
        ("undisclosed", "H.E. Sokha Chan", "ឯកឧត្តម/លោកជំទាវ Sokha Chan"),
    ],
)
def test_his_or_her_excellency_is_written_as_khmer_says_it(gender, english, khmer):
    person = ParticipantFactory(
        salutation=HE, gender=gender, given_name="Sokha", family_name="Chan"
    )
    with translation.override("en"):
        assert person.display_name == english
    with translation.override("km"):
        assert person.display_name == khmer


def test_other_salutations_and_none():
    assert ParticipantFactory(
        salutation="dr", given_name="Dara", family_name="Ke"
    ).display_name == ("Dr Dara Ke")
    assert ParticipantFactory(salutation="", given_name="Dara", family_name="Ke").display_name == (
        "Dara Ke"
    )
