from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "wpsevents.participants"
    verbose_name = _("Participants")

    def ready(self):
        from wpsevents.events.seat_changes import handle_seat_changes_with
        from wpsevents.events.seat_counts import count_seats_with

        from .models import event_seat_counts
        from .rules import apply_seat_change, release_working_group

        count_seats_with(event_seat_counts)
        handle_seat_changes_with(
            seats_changed=apply_seat_change, group_removed=release_working_group
        )
