"""Shortcuts for the back-office tests: the participant list's address and its actions."""

from django.urls import reverse

from wpsevents.participants.models import Participant

CHANGELIST = reverse("admin:participants_participant_changelist")


def run_action(client, action: str, participants, **extra):
    """Post an admin action for these participants, as the list's form does."""
    data = {"action": action, "_selected_action": [p.pk for p in participants], **extra}
    return client.post(CHANGELIST, data, follow=True)


def bulk_participants(event, count: int, start: int = 0, **fields) -> list[Participant]:
    """Many confirmed participants at once, without going through a form; `start` numbers
    them after those made before."""
    people = [
        Participant(
            event=event,
            given_name=f"Person{i}",
            family_name="Bulk",
            email=f"bulk{i}@example.org",
            organisation="Ministry",
            organisation_type=Participant.OrganisationType.GOVERNMENT,
            country="KH",
            gender=Participant.Gender.WOMAN if i % 2 else Participant.Gender.MAN,
            status=Participant.Status.CONFIRMED,
            reference=f"WPS-B{i:06d}",
            **fields,
        )
        for i in range(start, start + count)
    ]
    return Participant.objects.bulk_create(people)


def messages_of(response) -> list[str]:
    """The admin's messages shown after a request."""
    return [str(message) for message in response.context["messages"]]
