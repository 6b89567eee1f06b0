"""A resource is a file or a link, never both and never neither, on its own event."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from tests.factories import EventFactory, ResourceFactory, SessionFactory
from wpsevents.resources.models import Resource

pytestmark = pytest.mark.django_db


def _pdf(name="agenda.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 sample", content_type="application/pdf")


def test_resource_with_neither_file_nor_link_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceFactory(url="")


def test_resource_with_both_file_and_link_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceFactory(file=_pdf(), url="https://example.org/agenda.pdf")


def test_resource_with_a_file_only_is_kept():
    resource = ResourceFactory(file=_pdf(), url="")
    assert resource.href.endswith(".pdf")
    assert not resource.is_external


def test_resource_with_a_link_only_is_kept():
    resource = ResourceFactory(url="https://example.org/report")
    assert resource.href == "https://example.org/report"
    assert resource.is_external


def test_resource_clean_explains_that_a_file_or_link_is_needed():
    resource = ResourceFactory.build(event=EventFactory(), url="")
    with pytest.raises(ValidationError, match="either a file or a link"):
        resource.full_clean()


def test_resource_clean_refuses_both_a_file_and_a_link():
    resource = ResourceFactory.build(event=EventFactory(), file=_pdf(), url="https://example.org")
    with pytest.raises(ValidationError, match="either a file or a link"):
        resource.full_clean()


def test_resource_clean_refuses_a_session_of_another_event():
    other_session = SessionFactory()
    resource = ResourceFactory.build(event=EventFactory(), session=other_session)
    with pytest.raises(ValidationError) as error:
        resource.full_clean()
    assert "session" in error.value.message_dict


def test_resource_clean_accepts_a_session_of_its_event():
    session = SessionFactory()
    resource = ResourceFactory.build(event=session.event, session=session)
    resource.full_clean()


def test_resource_keeps_its_session_optional_when_the_session_is_deleted():
    session = SessionFactory()
    resource = ResourceFactory(event=session.event, session=session)
    session.delete()
    resource.refresh_from_db()
    assert resource.session is None
    assert Resource.objects.filter(pk=resource.pk).exists()
