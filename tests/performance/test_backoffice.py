"""The organisers' pages stay as cheap at 20,000 participants as at a few dozen."""

import tracemalloc

import pytest
from django.contrib.admin.sites import site
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ParticipantFactory, SessionFactory
from tests.performance.helpers import many_participants
from wpsevents.events.models import Session
from wpsevents.participants.models import Participant

pytestmark = pytest.mark.django_db

LIST_BUDGET = 12
LARGE = 20_000


def _queries_for(client, url: str) -> int:
    cache.clear()  # count the queries of a first visit, with nothing kept from the last one
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_participant_list_stays_within_budget_at_20000_participants(organiser_client, event):
    """With its attendance and working-group columns and filter, whoever is in which group."""
    url = reverse("admin:participants_participant_changelist")
    groups = [
        SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, title=f"Group {letter}")
        for letter in "ABC"
    ]
    in_person = Participant.AttendanceMode.IN_PERSON
    for index, group in enumerate(groups):
        many_participants(
            event, 10, start=10 * index, working_group=group, attendance_mode=in_person
        )
    many_participants(event, 20, start=30)
    few = _queries_for(organiser_client, url)
    for index, group in enumerate(groups):
        start = 50 + index * 3000
        many_participants(event, 3000, start=start, working_group=group, attendance_mode=in_person)
    many_participants(event, LARGE - 9050, start=9050)
    many = _queries_for(organiser_client, url)
    assert many == few
    assert many <= LIST_BUDGET
    content = organiser_client.get(url).content.decode()
    assert "column-attendance_mode" in content and "column-working_group_title" in content


def test_dashboard_queries_do_not_grow_with_participants(organiser_client, event):
    url = reverse("reports:dashboard")
    many_participants(event, 50)
    few = _queries_for(organiser_client, url)
    many_participants(event, 2000, start=50)
    assert _queries_for(organiser_client, url) == few


def _peak_memory_of_export(client) -> tuple[int, int]:
    """Download the CSV export; return its number of lines and the peak memory it took."""
    url = reverse("admin:participants_participant_export", args=["csv"])
    tracemalloc.start()
    response = client.get(url)
    assert response.streaming
    lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return lines, peak


def test_csv_export_streams_20000_participants_in_constant_memory(organiser_client, event):
    many_participants(event, 1000)
    lines_small, peak_small = _peak_memory_of_export(organiser_client)
    many_participants(event, LARGE - 1000, start=1000)
    lines_large, peak_large = _peak_memory_of_export(organiser_client)
    assert (lines_small, lines_large) == (1001, LARGE + 1)
    # Twenty times the rows, about the same memory: the file is never held whole.
    assert peak_large < peak_small * 1.5 + 1_000_000


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exports_take_as_many_queries_for_2000_participants_in_groups_as_for_50(
    organiser_client, event, file_format
):
    """Each row is written from one read of the list, never a query per person or group."""
    url = reverse("admin:participants_participant_export", args=[file_format])
    groups = [
        SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, title=f"Group {letter}")
        for letter in "AB"
    ]
    in_person = Participant.AttendanceMode.IN_PERSON
    many_participants(event, 25, working_group=groups[0], attendance_mode=in_person)
    many_participants(event, 25, start=25, working_group=groups[1], attendance_mode=in_person)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = organiser_client.get(url)
            content = b"".join(response.streaming_content)
        assert b"Group A" in content or file_format == "xlsx"
        return len(captured)

    queries()  # the first request of the session reads what the next ones keep
    few = queries()
    many_participants(event, 1950, start=50, working_group=groups[1], attendance_mode=in_person)
    assert queries() == few


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes: PostgreSQL only")
@pytest.mark.parametrize("column", ["given_name", "family_name", "email", "reference"])
def test_the_list_search_can_read_the_trigram_indexes(organiser_client, event, column):
    """The admin's search (any part of a name, an address, a reference) has an index to read,
    instead of every participant."""
    many_participants(event, 200)
    admin = site._registry[Participant]
    request = organiser_client.get(
        reverse("admin:participants_participant_changelist")
    ).wsgi_request
    queryset, _duplicates = admin.get_search_results(request, Participant.objects.all(), "son42")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # What the list's count asks for: which participants match, in no order.
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"participant_{column}_trgm" in plan


def test_change_page_queries_do_not_grow_with_participants(organiser_client, event):
    """A person's page lists no other participants (no select of them, no history of all)."""
    many_participants(event, 50)
    person = Participant.objects.filter(event=event).first()
    url = reverse("admin:participants_participant_change", args=[person.pk])
    organiser_client.get(url)  # the first request of the session reads what the next ones keep
    few = _queries_for(organiser_client, url)
    many_participants(event, 2000, start=50)
    assert _queries_for(organiser_client, url) == few


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes: PostgreSQL only")
def test_a_search_after_a_day_of_registrations_reads_the_trigram_indexes(organiser_client, event):
    """New registrations wait in the indexes' short pending list, which every search reads:
    kept short, it never makes PostgreSQL read every participant instead."""
    many_participants(event, 20000)
    for number in range(20000, 20300):  # one at a time, as people register
        ParticipantFactory(event=event, given_name=f"Person{number}")
    admin = site._registry[Participant]
    request = organiser_client.get(
        reverse("admin:participants_participant_changelist")
    ).wsgi_request
    queryset, _duplicates = admin.get_search_results(request, Participant.objects.all(), "son20242")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Participant._meta.db_table}")
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "participant_given_name_trgm" in plan
    assert "Seq Scan" not in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="extended statistics: PostgreSQL")
def test_the_planner_knows_few_confirmed_people_come_in_person(event):
    """Filtered on both, the list reads the few seated people, not the newest of everyone."""
    online, in_person = Participant.AttendanceMode.ONLINE, Participant.AttendanceMode.IN_PERSON
    many_participants(event, 3000, attendance_mode=online)
    many_participants(event, 30, start=3000, attendance_mode=in_person)
    many_participants(event, 600, start=3030, attendance_mode=in_person)
    waiting = Participant.objects.order_by("pk")[3030:].values("pk")
    Participant.objects.filter(pk__in=waiting).update(status=Participant.Status.WAITLISTED)
    seated = Participant.objects.filter(
        status=Participant.Status.CONFIRMED, attendance_mode=in_person
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Participant._meta.db_table}")
        sql, params = seated.values("pk").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = cursor.fetchone()[0]
    estimate = int(plan.split(" rows=")[1].split()[0])
    assert estimate < 100  # 30 seated; taken apart, the two conditions would give about 500
