"""An uploaded file is public only while its resource is, and leaves the storage with it.

Security review finding: files stayed downloadable, and cacheable by any proxy, after their
resource was unpublished or deleted.
"""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from tests.factories import ResourceFactory
from wpsevents.resources.models import Resource

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
NEW_PDF = PDF + b"% the revised agenda\n"


@pytest.fixture
def agenda(event):
    """A published PDF on the published event, stored as an organiser's upload is."""
    return ResourceFactory(
        event=event, title="Agenda", url="", file=SimpleUploadedFile("agenda.pdf", PDF)
    )


def _download(client, resource_or_url) -> tuple[int, bytes]:
    """What a visitor gets at the file's address (the test client closes it once read)."""
    url = resource_or_url if isinstance(resource_or_url, str) else resource_or_url.href
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response.status_code, body


def _admin_form(resource: Resource, **changes) -> dict:
    data = {
        "event": resource.event_id,
        "title_en": resource.title_en,
        "kind": resource.kind,
        "language": resource.language,
        "order": resource.order,
        "is_published": "on",
    }
    return {**data, **changes}


def test_file_of_a_published_resource_is_served_to_visitors_privately(
    client, agenda, django_assert_num_queries
):
    """Review finding: files were sent with `Cache-Control: public`, kept by shared caches."""
    with django_assert_num_queries(1):
        response = client.get(agenda.href)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_file_of_an_unpublished_resource_is_not_found(client, agenda):
    """Review finding: unpublishing a resource left its file downloadable."""
    agenda.is_published = False
    agenda.save()
    assert _download(client, agenda) == (404, b"")
    assert default_storage.exists(agenda.file.name)  # kept for when it is published again


def test_file_on_an_unpublished_event_is_not_found(client, event, agenda):
    """Review finding: a file stayed public while its event was hidden from visitors."""
    event.is_published = False
    event.save()
    assert _download(client, agenda) == (404, b"")


def test_file_stored_without_a_resource_is_not_found(client, db):
    name = default_storage.save("resources/0123456789ab/stray.pdf", SimpleUploadedFile("x", PDF))
    assert _download(client, f"/media/{name}") == (404, b"")


def test_organiser_can_open_the_file_of_an_unpublished_resource(organiser_client, agenda):
    """The admin's link to a draft's file works for those who may see the draft."""
    agenda.is_published = False
    agenda.save()
    assert _download(organiser_client, agenda) == (200, PDF)


def test_checkin_staff_cannot_open_the_file_of_an_unpublished_resource(checkin_client, agenda):
    agenda.is_published = False
    agenda.save()
    assert _download(checkin_client, agenda) == (404, b"")


def test_resource_deleted_in_the_admin_takes_its_file_with_it(
    client, superuser_client, agenda, django_capture_on_commit_callbacks
):
    """Review finding: a deleted resource's file stayed in storage and at its address."""
    url, name = agenda.href, agenda.file.name
    delete = reverse("admin:resources_resource_delete", args=[agenda.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert superuser_client.post(delete, {"post": "yes"}).status_code == 302
    assert not default_storage.exists(name)
    assert _download(client, url) == (404, b"")


def test_file_replaced_in_the_admin_is_deleted(
    client, superuser_client, agenda, django_capture_on_commit_callbacks
):
    """Review finding: a replaced file stayed in storage and at its old address."""
    old_url, old_name = agenda.href, agenda.file.name
    change = reverse("admin:resources_resource_change", args=[agenda.pk])
    form = _admin_form(agenda, file=SimpleUploadedFile("agenda-revised.pdf", NEW_PDF))
    with django_capture_on_commit_callbacks(execute=True):
        assert superuser_client.post(change, form).status_code == 302
    agenda.refresh_from_db()
    assert not default_storage.exists(old_name)
    assert _download(client, old_url) == (404, b"")
    assert _download(client, agenda) == (200, NEW_PDF)


def test_deleting_an_event_deletes_its_resources_files(
    agenda, event, django_capture_on_commit_callbacks
):
    name = agenda.file.name
    with django_capture_on_commit_callbacks(execute=True):
        event.delete()
    assert not default_storage.exists(name)


def test_file_is_kept_when_the_deletion_is_rolled_back(
    client, agenda, django_capture_on_commit_callbacks
):
    """Files go only once the deletion is committed: a failed deletion loses no file."""
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        Resource.objects.get(pk=agenda.pk).delete()
        raise RuntimeError("the deletion fails after the row is gone")
    assert Resource.objects.filter(pk=agenda.pk).exists()
    assert _download(client, agenda) == (200, PDF)
