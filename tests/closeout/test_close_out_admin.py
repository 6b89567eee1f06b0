"""The close-out from the event's page in the admin: counts first, then one click."""

from django.urls import reverse

from wpsevents.participants.models import Certificate, OutgoingEmail


def _page(event) -> str:
    return reverse("admin:participants_participant_close_out", args=[event.pk])


def test_organiser_sees_the_counts_then_sends_the_close_out_once(
    organiser_client, held_event, people, smtp_server, django_capture_on_commit_callbacks
):
    event_page = organiser_client.get(reverse("admin:events_event_change", args=[held_event.pk]))
    assert _page(held_event) in event_page.content.decode()
    confirm = organiser_client.get(_page(held_event))
    counts = [int(cell) for cell in confirm.context["counts"].__dict__.values()]
    assert counts == [2, 1, 1, 0]
    assert "Send the close-out" in confirm.content.decode()
    assert not OutgoingEmail.objects.exists()  # looking sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        sent = organiser_client.post(_page(held_event), follow=True)
    assert "4 emails queued (2 attended, 1 absent, 1 online)" in sent.content.decode()
    assert len(smtp_server.messages) == 4
    assert Certificate.objects.count() == 2
    again = organiser_client.get(_page(held_event))
    assert "nothing to send" in again.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(_page(held_event))
    assert len(smtp_server.messages) == 4


def test_check_in_staff_may_not_close_out(checkin_client, held_event, people):
    assert checkin_client.get(_page(held_event)).status_code == 403
    assert checkin_client.post(_page(held_event)).status_code == 403
    assert not OutgoingEmail.objects.exists()
