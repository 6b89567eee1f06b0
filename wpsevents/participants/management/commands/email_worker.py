"""The email worker: django-tasks-db's `db_worker`, which takes the queued emails into its queue
and outlives a database restart."""

import logging
import threading
import time

from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from wpsevents.participants.mail.delivery import HAND_OVER_LIMIT, hand_over_queued_emails
from wpsevents.participants.rules import release_lapsed_holds

logger = logging.getLogger(__name__)
PAUSE_SECONDS = 5
HOLDS_EVERY_SECONDS = 30  # how often lapsed seat holds are released


class Command(DatabaseWorkerCommand):
    help = (
        "Send the queued emails (django-tasks-db's db_worker, same options), taking the emails "
        "queued since it last looked into its task queue every --interval seconds, and release "
        "lapsed seat holds every half minute. When the "
        "database goes away, wait and carry on instead of stopping: under honcho or a "
        "platform's process manager a stopped worker takes the web server down with it."
    )

    def handle(self, *args, **options):
        """Run the worker; after losing the database, run it again once it may be back."""
        stop = threading.Event()
        if not options["batch"]:
            interval = max(options["interval"], 0.1)
            hand_over = threading.Thread(target=hand_over_until, args=(stop, interval), daemon=True)
            hand_over.start()
        try:
            while True:
                try:
                    if options["batch"]:
                        hand_over_everything()
                    return super().handle(*args, **options)
                except (OperationalError, InterfaceError) as error:
                    lost_the_database("email worker", error)
                    time.sleep(PAUSE_SECONDS)
        finally:
            stop.set()
            if not options["batch"]:
                hand_over.join()


def lost_the_database(who: str, error: Exception) -> None:
    """Say so, and drop this thread's connections: the next try opens new ones."""
    logger.warning(
        "%s lost the database; trying again in %d s",
        who,
        PAUSE_SECONDS,
        extra={"error": type(error).__name__},
    )
    connections.close_all()


def hand_over_everything() -> None:
    """Take every queued email into the task queue, a thousand to a transaction."""
    while hand_over_queued_emails() == HAND_OVER_LIMIT:
        pass


def hand_over_until(stop: threading.Event, interval: float) -> None:
    """The worker's second thread: take the queued emails every `interval` seconds, and release
    lapsed seat holds every `HOLDS_EVERY_SECONDS`.
    """
    holds_due = 0.0
    while not stop.is_set():
        try:
            close_old_connections()
            hand_over_everything()
            if time.monotonic() >= holds_due:
                holds_due = time.monotonic() + HOLDS_EVERY_SECONDS
                release_lapsed_holds()
        except (OperationalError, InterfaceError) as error:
            lost_the_database("email hand-over", error)
            stop.wait(PAUSE_SECONDS)
        except Exception:  # a fault here must not leave every later email where it is
            logger.exception("email hand-over failed; trying again in %d s", PAUSE_SECONDS)
            stop.wait(PAUSE_SECONDS)
        stop.wait(interval)
    connections.close_all()
