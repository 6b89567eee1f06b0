"""The email worker: django-tasks-db's `db_worker`, which takes the queued emails into its queue,
outlives a database restart, and picks up the emails of a worker that was killed."""

import logging
import threading
import time

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from wpsevents.checks import require_email_delivery
from wpsevents.participants.mail.delivery import HAND_OVER_LIMIT, hand_over_queued_emails
from wpsevents.participants.mail.workers import WorkerPresence, release_tasks_of_stopped_workers
from wpsevents.participants.rules import release_due_quotas, release_lapsed_holds

logger = logging.getLogger(__name__)
PAUSE_SECONDS = 5
HOLDS_EVERY_SECONDS = 30  # how often lapsed seat holds are released
# How often a running worker looks for the tasks of workers that were killed.
RELEASE_EVERY_SECONDS = 10


class Command(DatabaseWorkerCommand):
    help = (
        "Send the queued emails (django-tasks-db's db_worker, same options), taking the emails "
        "queued since it last looked into its task queue every --interval seconds, and release "
        "lapsed seat holds every half minute. When the "
        "database goes away, wait and carry on instead of stopping: under honcho or a "
        "platform's process manager a stopped worker takes the web server down with it. The "
        "emails of a worker that was killed in the middle of a task are sent again within "
        "seconds, and never twice."
    )

    def check(self, *args, **kwargs):
        """Django's checks, and refuse to start while emails would be printed into the log.

        Run as a command starts, as the system checks are (not by `call_command`).
        """
        try:
            require_email_delivery()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        super().check(*args, **kwargs)

    def handle(self, *args, **options):
        """Run the worker; after losing the database, run it again once it may be back."""
        stop = threading.Event()
        presence = WorkerPresence(options["worker_id"])
        hand_over = None
        try:
            while True:
                try:
                    # Alive before it takes a task: nobody mistakes its tasks for abandoned ones.
                    presence.hold()
                    release_tasks_of_stopped_workers()
                    if options["batch"]:
                        hand_over_everything()
                    elif hand_over is None:
                        interval = max(options["interval"], 0.1)
                        hand_over = threading.Thread(
                            target=hand_over_until, args=(stop, interval, presence), daemon=True
                        )
                        hand_over.start()
                    return super().handle(*args, **options)
                except (OperationalError, InterfaceError) as error:
                    lost_the_database("email worker", error)
                    time.sleep(PAUSE_SECONDS)
        finally:
            stop.set()
            if hand_over is not None:
                hand_over.join()
            presence.release()


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


def hand_over_until(stop: threading.Event, interval: float, presence: WorkerPresence) -> None:
    """The worker's second thread: take the queued emails every `interval` seconds, release
    lapsed seat holds and delegations' unused seats every `HOLDS_EVERY_SECONDS`, and every few
    seconds keep the worker's presence and pick up the emails of workers that were killed."""
    holds_due = 0.0
    last_release = time.monotonic()
    while not stop.is_set():
        try:
            close_old_connections()
            if time.monotonic() - last_release >= RELEASE_EVERY_SECONDS:
                presence.hold()
                release_tasks_of_stopped_workers()
                last_release = time.monotonic()
            hand_over_everything()
            if time.monotonic() >= holds_due:
                holds_due = time.monotonic() + HOLDS_EVERY_SECONDS
                release_lapsed_holds()
                release_due_quotas()
        except (OperationalError, InterfaceError) as error:
            lost_the_database("email hand-over", error)
            stop.wait(PAUSE_SECONDS)
        except Exception:  # a fault here must not leave every later email where it is
            logger.exception("email hand-over failed; trying again in %d s", PAUSE_SECONDS)
            stop.wait(PAUSE_SECONDS)
        stop.wait(interval)
    connections.close_all()
