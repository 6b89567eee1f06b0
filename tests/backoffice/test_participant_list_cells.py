"""The participant list's cells read as Django's own, though drawn without its per-cell work."""

import pytest
from django.contrib.admin import ModelAdmin
from django.contrib.admin.sites import site
from django.contrib.admin.templatetags.admin_list import _boolean_icon
from django.urls import reverse

from tests.backoffice.helpers import CHANGELIST
from tests.factories import ParticipantFactory
from wpsevents.participants import rules
from wpsevents.participants.admin.columns import boolean_icon
from wpsevents.participants.models import Participant

pytestmark = pytest.mark.django_db


def test_the_selection_box_is_djangos_checkbox(organiser_client, participant):
    participant.given_name = 'Sok <b>"Dara"</b>'  # the label carries the name, escaped
    participant.save()
    admin = site._registry[Participant]
    content = organiser_client.get(CHANGELIST).content.decode()
    assert ModelAdmin.action_checkbox(admin, participant) in content
    assert admin.action_checkbox(participant) == ModelAdmin.action_checkbox(admin, participant)


def test_the_check_in_columns_show_djangos_yes_and_no_icons(organiser_client, participant):
    rules.check_in(participant=participant, day=2, at_the_door=False)
    content = organiser_client.get(CHANGELIST).content.decode()
    assert f'<td class="field-checked_in_day_1">{_boolean_icon(False)}</td>' in content
    assert f'<td class="field-checked_in_day_2">{_boolean_icon(True)}</td>' in content
    assert [boolean_icon(value) for value in (True, False, None)] == [
        _boolean_icon(value) for value in (True, False, None)
    ]


def test_the_reference_and_the_name_both_open_the_persons_page(organiser_client, event):
    first, second = ParticipantFactory.create_batch(2, event=event)
    content = organiser_client.get(CHANGELIST).content.decode()
    for person in (first, second):
        page = reverse("admin:participants_participant_change", args=[person.pk])
        assert content.count(f'href="{page}"') == 2
