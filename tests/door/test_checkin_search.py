"""Finding a participant who has no QR code: by name, reference or email."""

import pytest

from tests.factories import ParticipantFactory


@pytest.fixture
def sokha(event):
    return ParticipantFactory(
        event=event,
        given_name="Sokha",
        family_name="Chan",
        name_khmer="ចាន់ សុខា",
        email="Sokha.Chan@example.org",
    )


@pytest.fixture
def others(event):
    return ParticipantFactory.create_batch(3, event=event, given_name="Dara", family_name="Keo")


def _finds_sokha(client, sokha, query) -> bool:
    content = client.get("/checkin/", {"q": query}).content.decode()
    return f"/checkin/{sokha.reference}/" in content


@pytest.mark.parametrize(
    "query", ["Sokha", "chan", "sokha chan", "Chan Sokha", "សុខា", "sokha.chan@example.org"]
)
def test_checkin_search_finds_by_name_or_email(door_client, sokha, others, query):
    assert _finds_sokha(door_client, sokha, query)
    assert "Dara" not in door_client.get("/checkin/", {"q": query}).content.decode()


def test_checkin_search_finds_by_reference_with_or_without_prefix(door_client, sokha, others):
    assert _finds_sokha(door_client, sokha, sokha.reference.lower())
    assert _finds_sokha(door_client, sokha, sokha.reference.removeprefix("WPS-"))


def test_checkin_search_needs_two_characters(door_client, sokha):
    content = door_client.get("/checkin/", {"q": "S"}).content.decode()
    assert "Type at least two characters." in content
    assert sokha.reference not in content


def test_checkin_search_shows_the_status_of_each_match(door_client, event):
    ParticipantFactory(event=event, given_name="Vanna", status="cancelled")
    assert "Cancelled" in door_client.get("/checkin/", {"q": "Vanna"}).content.decode()


def test_checkin_search_without_permission_gets_the_login_page(staff_client, sokha):
    response = staff_client.get("/checkin/", {"q": "Sokha"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
