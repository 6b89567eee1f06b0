"""The participation report: numbers checked against a known set of participants."""

import csv
import html
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, ParticipantFactory, SessionFactory
from tests.signin import sign_in_fully
from wpsevents.events.models import Session
from wpsevents.participants.models import CheckIn, Participant

P = Participant
DASHBOARD = "/admin/reports/"


@pytest.fixture
def known(event):
    """Seven registrations whose numbers are worked out by hand in each test.

    The event has three working groups (A with a, b and the waitlisted e; B with d; C with
    nobody) and a lunch break.
    """
    people = {
        "a": {
            "gender": "woman",
            "organisation_type": "government",
            "country": "KH",
            "needs_interpretation": True,
            "dietary_requirements": "Vegetarian",
        },
        "b": {
            "gender": "man",
            "organisation_type": "civil_society",
            "country": "TH",
            "days": "day1",
            "accessibility_needs": "Wheelchair access",
        },
        "c": {
            "gender": "woman",
            "organisation_type": "un",
            "country": "KH",
            "attendance_mode": "online",
        },
        "d": {
            "gender": "another",
            "organisation_type": "government",
            "country": "KH",
            "days": "day2",
            "needs_interpretation": True,
            "dietary_requirements": "Halal",
        },
        "e": {"gender": "woman", "country": "VN", "status": "waitlisted"},
        "f": {"gender": "man", "status": "cancelled"},
        "g": {"gender": "undisclosed", "organisation_type": "academia", "status": "pending"},
    }
    group_a, group_b, _empty_group = (
        SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, title=f"Group {letter}")
        for letter in "ABC"
    )
    SessionFactory(event=event, kind=Session.Kind.BREAK, title="Lunch break")
    for key, group in (("a", group_a), ("b", group_a), ("d", group_b), ("e", group_a)):
        people[key]["working_group"] = group
    made = {
        key: ParticipantFactory(event=event, given_name=key.upper(), **fields)
        for key, fields in people.items()
    }
    for key, day in (("a", 1), ("a", 2), ("b", 1)):
        CheckIn.objects.create(participant=made[key], day=day)
    for key, day in (("a", 1), ("d", 2)):  # taken back at the door: never counted
        CheckIn.objects.create(participant=made[key], day=day, undone_at=timezone.now())
    Participant.objects.filter(pk=made["a"].pk).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    ParticipantFactory(gender="man")  # another event: never counted
    return made


def _section_rows(content: str, key: str) -> list[list[str]]:
    section = re.search(rf'<section[^>]*id="{key}".*?</section>', content, re.S).group(0)
    body = section.split("<tbody>")[1]
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def _csv_rows(client, event, key) -> list[list[str]]:
    response = client.get(reverse("reports:download", args=[event.slug, key]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _numbers(rows, label) -> list[int]:
    row = next(row for row in rows if row[0] == label)
    return [int(cell) for cell in row[1:]]


def test_dashboard_overview_counts_against_capacity(reports_client, event, known):
    rows = _csv_rows(reports_client, event, "overview")
    values = {row[0]: row[1] for row in rows[1:]}
    assert values["In-person seats"] == "10"
    assert values["Seats taken (confirmed, in person)"] == "3"
    assert values["Seats left"] == "7"
    assert values["Confirmed online"] == "1"
    assert values["Waitlist"] == "1"
    assert values["Pending approval"] == "1"
    assert values["Cancelled"] == "1"
    assert values["All registrations"] == "7"


def test_dashboard_gender_table_registered_versus_checked_in(reports_client, event, known):
    rows = _csv_rows(reports_client, event, "gender")
    assert rows[0][1:] == [
        "Registered",
        "In person",
        "Online",
        "Checked in (either day)",
        "Checked in day 1",
        "Checked in day 2",
    ]
    assert _numbers(rows, "Woman") == [2, 1, 1, 1, 1, 1]
    assert _numbers(rows, "Man") == [1, 1, 0, 1, 1, 0]
    assert _numbers(rows, "Another identity") == [1, 1, 0, 0, 0, 0]
    assert _numbers(rows, "Total") == [4, 3, 1, 2, 2, 1]
    assert not any(row[0] == "Prefer not to say" for row in rows)


def test_dashboard_per_day_table_by_gender(reports_client, event, known):
    rows = _csv_rows(reports_client, event, "days")
    assert rows[0][1] == "Day 1: Registered in person"
    assert rows[0][6] == "Day 2: Checked in"
    assert _numbers(rows, "Woman") == [1, 1, 1, 1, 1, 1]
    assert _numbers(rows, "Man") == [1, 0, 1, 0, 0, 0]
    assert _numbers(rows, "Another identity") == [0, 0, 0, 1, 0, 0]
    assert _numbers(rows, "Total") == [2, 1, 2, 2, 1, 1]


def test_dashboard_organisation_type_table_by_gender(reports_client, event, known):
    rows = _csv_rows(reports_client, event, "organisation-types")
    assert rows[0][1] == "Registered: Woman"
    assert rows[0][10] == "Checked in (either day): Total"
    assert _numbers(rows, "Government ministry or agency") == [1, 0, 1, 0, 2, 1, 0, 0, 0, 1]
    assert _numbers(rows, "Civil society or women's organisation") == [0, 1, 0, 0, 1, 0, 1, 0, 0, 1]
    assert _numbers(rows, "UN agency") == [1, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert _numbers(rows, "Total") == [2, 1, 1, 0, 4, 1, 1, 0, 0, 2]
    assert rows[1][0] == "Government ministry or agency"  # the largest first


def test_dashboard_country_table_by_gender(reports_client, event, known):
    rows = _csv_rows(reports_client, event, "countries")
    assert _numbers(rows, "Cambodia") == [2, 0, 1, 0, 3, 1, 0, 0, 0, 1]
    assert _numbers(rows, "Thailand") == [0, 1, 0, 0, 1, 0, 1, 0, 0, 1]
    assert [row[0] for row in rows[1:]] == ["Cambodia", "Thailand", "Total"]


def test_dashboard_working_group_table_by_gender(reports_client, event, known):
    rows = _csv_rows(reports_client, event, "working-groups")
    assert rows[0][:2] == ["Working group", "Registered: Woman"]
    assert rows[0][10] == "Checked in (either day): Total"
    assert [row[0] for row in rows[1:]] == [
        "Group A",
        "Group B",
        "Group C",
        "No working group",
        "Total",
    ]
    assert _numbers(rows, "Group A") == [1, 1, 0, 0, 2, 1, 1, 0, 0, 2]
    assert _numbers(rows, "Group B") == [0, 0, 1, 0, 1, 0, 0, 0, 0, 0]
    assert _numbers(rows, "Group C") == [0] * 10
    assert _numbers(rows, "No working group") == [1, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert _numbers(rows, "Total") == [2, 1, 1, 0, 4, 1, 1, 0, 0, 2]


def test_dashboard_has_no_working_group_table_for_an_event_without_groups(reports_client):
    event = EventFactory(is_featured=True)
    ParticipantFactory(event=event)
    assert 'id="working-groups"' not in reports_client.get(DASHBOARD).content.decode()
    url = reverse("reports:download", args=[event.slug, "working-groups"])
    assert reports_client.get(url).status_code == 404


def test_dashboard_logistics_per_day(reports_client, event, known):
    rows = _csv_rows(reports_client, event, "logistics")
    assert _numbers(rows, "Day 1") == [2, 1, 1, 1]
    assert _numbers(rows, "Day 2") == [2, 2, 2, 0]


def test_dashboard_lists_dietary_and_accessibility_texts(reports_client, event, known):
    rows = _csv_rows(reports_client, event, "support")
    listed = {row[0]: (row[4], row[5]) for row in rows[1:]}
    assert listed == {
        "A Family": ("Vegetarian", ""),
        "B Family": ("", "Wheelchair access"),
        "D Family": ("Halal", ""),
    }


def test_dashboard_timeline_counts_registrations_per_day(reports_client, event, known):
    rows = _csv_rows(reports_client, event, "timeline")
    assert [row[1:] for row in rows[1:]] == [["1", "1"], ["6", "7"]]
    content = reports_client.get(DASHBOARD).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in content
    assert "Registrations over time" in content


@pytest.mark.parametrize(
    "key",
    [
        "overview",
        "gender",
        "days",
        "organisation-types",
        "countries",
        "working-groups",
        "logistics",
        "support",
        "timeline",
    ],
)
def test_dashboard_page_and_csv_show_the_same_numbers(reports_client, event, known, key):
    content = reports_client.get(DASHBOARD).content.decode()
    page = _section_rows(content, key)
    downloaded = _csv_rows(reports_client, event, key)[1:]
    assert page == downloaded


def test_dashboard_csv_keeps_formulas_as_text(reports_client, event):
    ParticipantFactory(event=event, dietary_requirements='=HYPERLINK("http://x")')
    rows = _csv_rows(reports_client, event, "support")
    assert rows[1][4].startswith("'=")


def test_dashboard_shows_the_featured_event_and_offers_the_others(reports_client, event, known):
    other = EventFactory(title="Next year's workshop")
    ParticipantFactory.create_batch(2, event=other, gender="man")
    content = reports_client.get(DASHBOARD).content.decode()
    assert f'value="{event.slug}" selected' in content
    assert "Next year&#x27;s workshop" in content
    chosen = reports_client.get(DASHBOARD, {"event": other.slug}).content.decode()
    assert _section_rows(chosen, "gender")[-1][1] == "2"


def test_dashboard_with_no_event_says_so(reports_client):
    assert "There is no event yet." in reports_client.get(DASHBOARD).content.decode()


def test_dashboard_unknown_table_is_not_found(reports_client, event):
    assert reports_client.get(f"/admin/reports/{event.slug}/nothing.csv").status_code == 404


def test_dashboard_is_never_cached(reports_client, event):
    assert "no-store" in reports_client.get(DASHBOARD)["Cache-Control"]
    csv_url = reverse("reports:download", args=[event.slug, "support"])
    assert "no-store" in reports_client.get(csv_url)["Cache-Control"]


@pytest.mark.parametrize("path", [DASHBOARD, "/admin/reports/x/gender.csv"])
def test_dashboard_staff_without_permission_get_403(staff_client, path):
    assert staff_client.get(path).status_code == 403


@pytest.mark.parametrize("path", [DASHBOARD, "/admin/"])
def test_dashboard_is_not_for_checkin_staff(door_lookup_client, path):
    response = door_lookup_client.get(path)
    assert reverse("reports:dashboard") not in response.content.decode()
    if path == DASHBOARD:
        assert response.status_code == 403


def test_dashboard_anonymous_visitor_gets_the_login_page(client, db):
    assert client.get(DASHBOARD)["Location"].startswith(reverse("admin:login"))


def test_dashboard_needs_a_staff_account_even_with_the_permission(client, db):
    from django.contrib.auth.models import Permission

    user = User.objects.create_user("outsider", "o@example.org", "pw-outsider-1")
    for codename in ("view_participant", "change_participant"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    sign_in_fully(client, user)
    assert client.get(DASHBOARD).status_code == 302


def test_dashboard_is_linked_from_the_admin_index(reports_client):
    assert reverse("reports:dashboard") in reports_client.get("/admin/").content.decode()


def test_dashboard_link_hidden_from_staff_without_permission(staff_client):
    assert reverse("reports:dashboard") not in staff_client.get("/admin/").content.decode()


def _make_participants(event, count):
    groups = [
        SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, title=f"Group {n}")
        for n in range(3)
    ]
    genders, types = P.Gender.values, P.OrganisationType.values
    countries, modes = ["KH", "TH", "VN", "LA", "MM"], P.AttendanceMode.values
    people = [
        ParticipantFactory(
            event=event,
            gender=genders[n % len(genders)],
            organisation_type=types[n % len(types)],
            country=countries[n % len(countries)],
            attendance_mode=modes[n % 2],
            days=P.Days.values[n % 3],
            status=P.Status.values[n % len(P.Status.values)],
            dietary_requirements="Vegetarian" if n % 4 == 0 else "",
            working_group=groups[n % 4] if n % 4 < 3 else None,
        )
        for n in range(count)
    ]
    CheckIn.objects.bulk_create(
        CheckIn(participant=person, day=1 + n % 2) for n, person in enumerate(people) if n % 3 == 0
    )


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_dashboard_query_count_is_the_same_for_5_and_200_participants(reports_client, db):
    small, large = EventFactory(), EventFactory()
    _make_participants(small, 5)
    _make_participants(large, 200)
    _queries(reports_client, DASHBOARD)
    counts = {
        size: _queries(reports_client, f"{DASHBOARD}?event={event.slug}")
        for size, event in ((5, small), (200, large))
    }
    assert counts[5] == counts[200]
    for key in ("countries", "working-groups"):
        csv_counts = {
            size: _queries(reports_client, reverse("reports:download", args=[event.slug, key]))
            for size, event in ((5, small), (200, large))
        }
        assert csv_counts[5] == csv_counts[200]


def test_dashboard_delegation_table_by_gender_on_the_page_and_in_csv(reports_client, event, known):
    from tests.factories import DelegationFactory, nominee_data
    from wpsevents.participants import rules

    ministry = DelegationFactory(event=event, name="Ministry of Women's Affairs")
    DelegationFactory(event=event, name="National Police", in_person_quota=1)
    for gender in ("woman", "woman", "man"):
        rules.nominate_delegate(delegation=ministry, data=nominee_data(gender=gender))
    rows = _csv_rows(reports_client, event, "delegations")
    assert rows[0][:2] == ["Delegation", "Registered: Woman"]
    assert [row[0] for row in rows[1:]] == [
        "Ministry of Women's Affairs",
        "National Police",
        "No delegation",
        "Total",
    ]
    assert _numbers(rows, "Ministry of Women's Affairs") == [2, 1, 0, 0, 3, 0, 0, 0, 0, 0]
    assert _numbers(rows, "National Police") == [0] * 10
    assert _numbers(rows, "No delegation") == [2, 1, 1, 0, 4, 1, 1, 0, 0, 2]
    content = reports_client.get(DASHBOARD).content.decode()
    assert _section_rows(content, "delegations") == rows[1:]


def test_dashboard_has_no_delegation_table_for_an_event_without_delegations(
    reports_client, event, known
):
    assert 'id="delegations"' not in reports_client.get(DASHBOARD).content.decode()
