"""Organisers run the back office; check-in staff only check people in."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.backoffice.helpers import CHANGELIST, run_action
from wpsevents.events.models import Event
from wpsevents.participants.models import Participant
from wpsevents.participants.roles import ORGANISER_APPS


@pytest.mark.django_db
def test_roles_checkin_staff_hold_only_the_checkin_permissions():
    group = Group.objects.get(name="Check-in staff")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert codenames == {("participants", "add_checkin"), ("participants", "view_participant")}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "admin:participants_participant_changelist",
        "admin:participants_participant_add",
        "admin:participants_participant_import",
        "admin:participants_outgoingemail_changelist",
        "admin:events_event_changelist",
        "admin:resources_resource_changelist",
    ],
)
def test_roles_organisers_open_the_back_office(organiser_client, url):
    assert organiser_client.get(reverse(url)).status_code == 200


@pytest.mark.django_db
def test_roles_organisers_open_the_checkin_pages(organiser_client, participant):
    assert organiser_client.get(reverse("checkin:search")).status_code == 200
    Event.objects.filter(pk=participant.event_id).update(is_checkin_open=True)
    checkin_url = reverse("checkin:participant", args=[participant.reference])
    assert organiser_client.get(checkin_url).status_code == 200


@pytest.mark.django_db
def test_roles_checkin_staff_open_the_checkin_pages(checkin_client, participant):
    assert checkin_client.get(reverse("checkin:search")).status_code == 200
    Event.objects.filter(pk=participant.event_id).update(is_checkin_open=True)
    checkin_url = reverse("checkin:participant", args=[participant.reference])
    assert checkin_client.get(checkin_url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        CHANGELIST,
        reverse("admin:participants_participant_add"),
        reverse("admin:participants_participant_import"),
        reverse("admin:participants_participant_export", args=["csv"]),
        reverse("admin:participants_outgoingemail_changelist"),
        reverse("admin:events_event_changelist"),
    ],
)
def test_roles_checkin_staff_get_403_in_the_back_office(checkin_client, url):
    assert checkin_client.get(url).status_code == 403


@pytest.mark.django_db
def test_roles_checkin_staff_cannot_view_or_change_a_participant(checkin_client, participant):
    change_url = reverse("admin:participants_participant_change", args=[participant.pk])
    assert checkin_client.get(change_url).status_code == 403
    response = checkin_client.post(change_url, {"given_name": "Changed"})
    assert response.status_code == 403
    participant.refresh_from_db()
    assert participant.given_name != "Changed"


@pytest.mark.django_db
def test_roles_checkin_staff_cannot_run_actions(checkin_client, participant):
    response = run_action(checkin_client, "cancel", [participant])
    assert response.status_code == 403
    participant.refresh_from_db()
    assert participant.status == Participant.Status.CONFIRMED


@pytest.mark.django_db
def test_roles_checkin_staff_see_no_models_on_the_admin_index(checkin_client):
    response = checkin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert CHANGELIST not in response.content.decode()


@pytest.mark.django_db
def test_roles_organisers_hold_every_permission_of_their_apps():
    expected = set(
        Permission.objects.filter(content_type__app_label__in=ORGANISER_APPS)
        .exclude(
            content_type__model="historicalparticipant", codename__regex=r"^(add|change|delete)_"
        )
        .values_list("pk", flat=True)
    )
    resetting_second_factors = {
        ("accounts", "view_secondfactor"),
        ("accounts", "delete_secondfactor"),
    }
    group = Group.objects.get(name="Organisers")
    held = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert resetting_second_factors <= held
    others = group.permissions.exclude(content_type__app_label="accounts")
    assert set(others.values_list("pk", flat=True)) == expected
    assert len(held) == len(expected) + len(resetting_second_factors)
    assert not group.permissions.filter(codename="change_historicalparticipant").exists()


@pytest.mark.django_db
def test_roles_checkin_staff_find_the_checkin_page_on_the_admin_index(checkin_client):
    html = checkin_client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("checkin:search")}"' in html
    assert "permission to view or edit anything" not in html


@pytest.mark.django_db
def test_roles_organisers_find_the_checkin_page_on_the_admin_index(organiser_client):
    html = organiser_client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("checkin:search")}"' in html
    assert CHANGELIST in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["reports:dashboard", "reports:download"])
def test_roles_checkin_staff_get_403_on_the_report(checkin_client, event, name):
    args = [event.slug, "gender"] if name == "reports:download" else []
    response = checkin_client.get(reverse(name, args=args))
    assert response.status_code == 403
    assert "Access denied" in response.content.decode()


@pytest.mark.django_db
def test_roles_anonymous_visitor_goes_to_the_login_page_for_the_report(client):
    url = reverse("reports:dashboard")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"
