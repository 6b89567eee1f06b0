"""The participant list stays fast, filters and searches as organisers need."""

import html
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.backoffice.helpers import CHANGELIST, bulk_participants
from tests.factories import EventFactory, ParticipantFactory, SessionFactory, registration_data
from wpsevents.events.models import Session
from wpsevents.participants import rules
from wpsevents.participants.models import ORGANISER_FIELDS, Participant


def _queries_for_list(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return len(queries)


def _working_group(event, title: str) -> Session:
    return SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, title=title)


def _people_in_groups(event, count: int, groups: list[Session]) -> None:
    """`count` people shared between the groups, and as many more online, in no group."""
    share = count // len(groups)
    for index, group in enumerate(groups):
        bulk_participants(event, share, start=index * share, working_group=group)
    online = Participant.AttendanceMode.ONLINE
    bulk_participants(event, count, start=len(groups) * share, attendance_mode=online)


@pytest.mark.django_db
def test_participant_list_query_count_does_not_grow_with_rows(organiser_client, event):
    groups = [_working_group(event, "Group A"), _working_group(event, "Group B")]
    _people_in_groups(event, 4, groups)
    few = _queries_for_list(organiser_client)
    Participant.objects.all().delete()
    _people_in_groups(event, 300, groups)
    many = _queries_for_list(organiser_client)
    assert many == few
    assert many <= 12
    content = organiser_client.get(CHANGELIST, {"working_group": groups[1].pk}).content.decode()
    assert content.count('<td class="field-working_group_title">Group B</td>') == 50


@pytest.mark.django_db
def test_participant_list_query_count_with_filters_and_search(organiser_client, event):
    group = _working_group(event, "Group A")
    _people_in_groups(event, 4, [group])
    params = {
        "status__exact": "confirmed",
        "in_day_1": "no",
        "day": "2",
        "q": "Person",
        "attendance_mode__exact": "in_person",
        "working_group": str(group.pk),
        "event__id__exact": str(event.pk),
    }
    few = _queries_for_list(organiser_client, **params)
    Participant.objects.all().delete()
    _people_in_groups(event, 300, [group])
    assert _queries_for_list(organiser_client, **params) == few


@pytest.mark.django_db
def test_participant_list_shows_attendance_and_the_working_groups_title(organiser_client, event):
    group = _working_group(event, "Group on early warning")
    ParticipantFactory(event=event, working_group=group)
    ParticipantFactory(event=event, attendance_mode=Participant.AttendanceMode.ONLINE)
    content = organiser_client.get(CHANGELIST).content.decode()
    cells = re.findall(
        r'<td class="field-(attendance_mode|working_group_title)">(.*?)</td>', content
    )
    assert sorted(cells) == [
        ("attendance_mode", "In person"),
        ("attendance_mode", "Online"),
        ("working_group_title", "-"),
        ("working_group_title", "Group on early warning"),
    ]


def _filter_choices(content: str, title: str) -> list[str]:
    """The choices a filter of the list offers, by their labels."""
    section = re.search(rf'data-filter-title="{title}".*?</details>', content, re.S).group(0)
    return [
        html.unescape(label).strip()
        for label in re.findall(r'<a href="[^"]*">([^<]*)</a>', section)
    ]


@pytest.mark.django_db
def test_working_group_filter_offers_only_groups_of_the_event_filtered_on(organiser_client, event):
    filter_title = 'data-filter-title="working group"'
    assert filter_title not in organiser_client.get(CHANGELIST).content.decode()  # no group yet
    _working_group(event, "Group A")
    SessionFactory(event=event, kind=Session.Kind.BREAK, title="Lunch break")
    other = EventFactory(title="Next year")
    _working_group(other, "Group of next year")
    everything = _filter_choices(organiser_client.get(CHANGELIST).content.decode(), "working group")
    assert everything == [
        "All",
        f"Group A ({event.title})",
        "Group of next year (Next year)",
        "No working group",
    ]
    content = organiser_client.get(CHANGELIST, {"event__id__exact": event.pk}).content.decode()
    assert _filter_choices(content, "working group") == ["All", "Group A", "No working group"]


@pytest.mark.django_db
def test_working_group_filter_shows_its_members_or_those_in_none(organiser_client, event):
    group = _working_group(event, "Group A")
    member = ParticipantFactory(event=event, working_group=group)
    outside = ParticipantFactory(event=event)
    content = organiser_client.get(CHANGELIST, {"working_group": group.pk}).content.decode()
    assert member.reference in content and outside.reference not in content
    content = organiser_client.get(CHANGELIST, {"working_group": "none"}).content.decode()
    assert member.reference not in content and outside.reference in content


@pytest.mark.django_db
def test_participant_list_shows_the_columns_organisers_read(organiser_client, participant):
    rules.check_in(participant=participant, day=2, at_the_door=False)
    response = organiser_client.get(CHANGELIST)
    content = response.content.decode()
    for text in (participant.reference, participant.full_name, "Cambodia", "Woman", "Both days"):
        assert text in content
    assert "column-checked_in_day_1" in content and "column-checked_in_day_2" in content


@pytest.mark.django_db
def test_participant_list_filters_by_checked_in_day(organiser_client, event):
    came, stayed_home = ParticipantFactory(event=event), ParticipantFactory(event=event)
    rules.check_in(participant=came, day=1, at_the_door=False)
    response = organiser_client.get(CHANGELIST, {"in_day_1": "yes"})
    content = response.content.decode()
    assert came.reference in content and stayed_home.reference not in content
    response = organiser_client.get(CHANGELIST, {"in_day_1": "no"})
    content = response.content.decode()
    assert came.reference not in content and stayed_home.reference in content


@pytest.mark.django_db
def test_participant_list_filters_by_day_attending(organiser_client, event):
    day_1 = ParticipantFactory(event=event, days=Participant.Days.DAY_1)
    both = ParticipantFactory(event=event, days=Participant.Days.BOTH)
    content = organiser_client.get(CHANGELIST, {"day": "2"}).content.decode()
    assert both.reference in content and day_1.reference not in content


@pytest.mark.django_db
def test_participant_list_filters_by_country_named(organiser_client, event):
    thai = ParticipantFactory(event=event, country="TH")
    khmer = ParticipantFactory(event=event, country="KH")
    response = organiser_client.get(CHANGELIST, {"country": "TH"})
    content = response.content.decode()
    assert thai.reference in content and khmer.reference not in content
    assert "Thailand" in content


@pytest.mark.django_db
def test_country_filter_lists_a_new_country_at_once(organiser_client, event):
    ParticipantFactory(event=event, country="TH")
    assert "France" not in organiser_client.get(CHANGELIST).content.decode()
    rules.add_participant_by_organiser(
        event=event, data=registration_data(email="amelie@example.org", country="FR")
    )
    assert "France" in organiser_client.get(CHANGELIST).content.decode()


@pytest.mark.django_db
def test_country_filter_follows_an_organisers_edit(organiser_client, event):
    participant = ParticipantFactory(event=event, country="TH")
    assert "Japan" not in organiser_client.get(CHANGELIST).content.decode()
    rules.update_registration(
        participant=participant, data={"country": "JP"}, fields=ORGANISER_FIELDS
    )
    content = organiser_client.get(CHANGELIST).content.decode()
    assert "Japan" in content and "Thailand" not in content


@pytest.mark.django_db
def test_participant_list_filters_by_registration_date(organiser_client, event):
    recent = ParticipantFactory(event=event)
    old = ParticipantFactory(event=event)
    Participant.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    content = organiser_client.get(CHANGELIST).content.decode()
    past_week = re.search(r'<a href="(\?created_at__gte=[^"]+)"[^>]*>\s*Past 7 days', content)
    assert past_week, "the filter offers the past 7 days"
    content = organiser_client.get(CHANGELIST + html.unescape(past_week.group(1))).content
    assert recent.reference in content.decode() and old.reference not in content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["email", "organisation", "family_name", "reference"])
def test_participant_list_search_finds_by(organiser_client, event, field):
    wanted = ParticipantFactory(
        event=event, email="dara@ngo.example", organisation="Peace NGO", family_name="Sovann"
    )
    other = ParticipantFactory(event=event)
    query = {"email": "dara@ngo", "organisation": "Peace", "family_name": "Sovann"}.get(
        field, wanted.reference
    )
    content = organiser_client.get(CHANGELIST, {"q": query}).content.decode()
    assert wanted.reference in content and other.reference not in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changelist",
    [
        "/admin/participants/participant/",
        "/admin/participants/outgoingemail/",
        "/admin/events/event/",
        "/admin/events/session/",
        "/admin/resources/resource/",
    ],
)
def test_a_pattern_filter_in_the_address_is_refused_not_a_server_error(
    superuser_client, changelist
):
    response = superuser_client.get(changelist, {"pk__regex": "("})
    assert response.status_code == 400


@pytest.mark.django_db
def test_participant_list_shows_status_and_arrival_right_after_the_name(organiser_client, event):
    ParticipantFactory(event=event)
    content = organiser_client.get(CHANGELIST).content.decode()
    columns = ["full_name", "status", "checked_in_day_1", "organisation"]
    found = [content.index(f"column-{column}") for column in columns]
    assert found == sorted(found)


@pytest.mark.django_db
def test_admin_pages_bring_the_khmer_font_and_the_site_icon(organiser_client, event):
    """Khmer names read as Khmer even on a computer with no Khmer font of its own."""
    ParticipantFactory(event=event, name_khmer="ចាន់ សុខា")
    content = organiser_client.get(CHANGELIST).content.decode()
    assert 'rel="icon"' in content
    stylesheet = re.search(r'href="([^"]*admin\.css)"', content)
    assert stylesheet
    css = (settings.BASE_DIR / "static" / "css" / "admin.css").read_text()
    assert '@font-face {\n  font-family: "Noto Sans Khmer"' in css
    assert '--font-family-primary:\n    "Noto Sans Khmer"' in css
