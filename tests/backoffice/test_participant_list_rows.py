"""The participant list's rows, drawn in one pass, are the HTML Django's cells would give."""

import pytest
from django.contrib.admin.sites import site
from django.contrib.admin.templatetags.admin_list import admin_list_filter, results
from django.test import RequestFactory
from django.utils import translation

from tests.backoffice.helpers import CHANGELIST
from tests.factories import ParticipantFactory, SessionFactory
from wpsevents.accounts.admin_site import StaffAdminSite
from wpsevents.events.models import Session
from wpsevents.participants import rules
from wpsevents.participants.admin.rows import quick_rows
from wpsevents.participants.admin.sidebar import quick_list_filter
from wpsevents.participants.models import Participant

pytestmark = pytest.mark.django_db


def _changelist(user, query: str = ""):
    request = RequestFactory().get(CHANGELIST + query)
    request.user = user
    changelist = site._registry[Participant].get_changelist_instance(request)
    changelist.formset = None  # as the change list view sets it without list_editable
    return changelist


def _varied_people(event):
    group = SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, title='Land & "water"')
    ParticipantFactory(event=event, organisation="   ", country="TH")  # spaces show as empty
    ParticipantFactory(event=event, given_name="<b>Sok</b>", working_group=group, country="KH")
    ParticipantFactory(
        event=event, status=Participant.Status.WAITLISTED, organisation="Women's Network"
    )
    checked_in = ParticipantFactory(event=event, country="JP")
    rules.check_in(participant=checked_in, day=1, at_the_door=False)


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize("query", ["", "?o=-13.2", "?status__exact=confirmed&q=Sok"])
def test_the_rows_are_djangos_cells_exactly(event, organiser, language, query):
    _varied_people(event)
    with translation.override(language):
        changelist = _changelist(organiser, query)
        expected = ["".join(row) for row in results(changelist)]
        drawn = ["".join(row) for row in quick_rows(changelist)]
    assert expected
    assert drawn == expected


def test_a_pop_up_list_is_left_to_django(event, organiser, participant):
    assert quick_rows(_changelist(organiser, "?_popup=1")) is None


def test_the_page_shows_the_rows_with_their_values_escaped(organiser_client, event):
    _varied_people(event)
    content = organiser_client.get(CHANGELIST).content.decode()
    assert content.count('<td class="action-checkbox">') == 4
    assert "&lt;b&gt;Sok&lt;/b&gt;" in content and "<b>Sok</b>" not in content
    assert '<td class="field-working_group_title">Land &amp; &quot;water&quot;</td>' in content


def test_the_country_column_shows_the_name_in_the_staffs_language(organiser_client, event):
    ParticipantFactory(event=event, country="JP")
    html = organiser_client.get(CHANGELIST).content.decode()
    assert '<td class="field-country_name">Japan</td>' in html
    organiser_client.post("/admin/language/", {"language": "km", "next": CHANGELIST})
    html = organiser_client.get(CHANGELIST).content.decode()
    assert '<td class="field-country_name">ជប៉ុន</td>' in html
    assert "ជប៉ុន</a></li>" in html  # the country filter names it in Khmer too


def test_the_admin_pages_have_no_sidebar_of_models_the_index_lists_them(organiser_client):
    html = organiser_client.get(CHANGELIST).content.decode()
    assert 'id="nav-sidebar"' not in html and 'id="toggle-nav-sidebar"' not in html
    index = organiser_client.get("/admin/").content.decode()
    assert f'href="{CHANGELIST}"' in index


def test_the_list_of_apps_is_made_only_for_the_index(organiser_client, monkeypatch):
    calls = []
    original = StaffAdminSite.get_app_list

    def counting(self, request, app_label=None):
        calls.append(request.path)
        return original(self, request, app_label)

    monkeypatch.setattr(StaffAdminSite, "get_app_list", counting)
    assert organiser_client.get(CHANGELIST).status_code == 200
    assert calls == []
    assert organiser_client.get("/admin/").status_code == 200
    assert calls == ["/admin/"]


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize("query", ["", "?status__exact=confirmed&country=JP&in_day_1=yes"])
def test_the_filters_are_djangos_filters_exactly(event, organiser, language, query):
    _varied_people(event)
    with translation.override(language):
        changelist = _changelist(organiser, query)
        specs = changelist.filter_specs
        expected = [admin_list_filter(changelist, spec) for spec in specs]
        drawn = [quick_list_filter(changelist, spec) for spec in specs]
    assert len(expected) >= 10
    assert drawn == expected
