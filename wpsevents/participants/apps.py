from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wpsevents.events.seat_changes import handle_seat_changes_with
from wpsevents.events.seat_counts import count_seats_with, count_session_seats_with
from wpsevents.events.session_changes import notify_session_changes_with
from wpsevents.history import keep_history_manager_class


class ParticipantsConfig(AppConfig):
    name = "wpsevents.participants"
    verbose_name = _("Participants")

    def ready(self):
        from .models import (  # importable once apps are ready
            Participant,
            event_seat_counts,
            session_seat_counts,
        )
        from .rules import (
            apply_seat_change,
            count_people_concerned,
            count_people_concerned_by_each,
            notify_session_cancelled,
            notify_session_moved,
            release_working_group,
        )

        keep_history_manager_class(Participant)
        count_seats_with(event_seat_counts)
        count_session_seats_with(session_seat_counts)
        handle_seat_changes_with(
            seats_changed=apply_seat_change, group_removed=release_working_group
        )
        notify_session_changes_with(
            count=count_people_concerned,
            count_each=count_people_concerned_by_each,
            moved=notify_session_moved,
            cancelled=notify_session_cancelled,
        )
