"""Which email workers are alive, and what becomes of the emails of one that was killed.

django-tasks-db marks a task RUNNING when a worker takes it, and only that worker marks it
finished: a worker killed in the middle of a task (SIGKILL, the out-of-memory killer, a machine
going down) would leave it RUNNING for ever and its emails unsent. So each worker holds a
PostgreSQL advisory lock keyed on its id, on a connection of its own, for as long as it runs;
PostgreSQL lets go of it the moment the process dies. A running task whose worker no longer holds
its lock is marked failed and its unsent emails are handed over again. Nothing is sent twice: an
email is sent under its row's lock and skipped once it is marked sent.
"""

import contextlib
import logging
import threading

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django_tasks_db.models import DBTaskResult

from wpsevents.locks import is_lock_held, take_session_lock

from ..models import OutgoingEmail
from .delivery import deliver_email, deliver_emails, send_again

logger = logging.getLogger(__name__)
# The first key of every worker's advisory lock ("WPSE"); the second is a hash of its id.
PRESENCE_LOCK_CLASS = 0x57505345


class WorkerStopped(Exception):
    """What a task left running by a worker that is gone is marked failed with."""


class WorkerPresence:
    """The advisory lock that tells other workers this one is alive, on a connection of its own.

    The worker's own connections are closed and opened again between tasks; this one stays open,
    so the lock lasts exactly as long as the process (or until the database restarts, after which
    `hold` takes it again).
    """

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self._database = None
        self._guard = threading.Lock()

    def hold(self) -> None:
        """Take the lock, connecting again first if the connection was lost."""
        if connection.vendor != "postgresql":
            return  # advisory locks are PostgreSQL's; elsewhere a killed task stays unrescued
        with self._guard:
            if self._database is not None and self._database.is_usable():
                return
            self._close()
            database = connections.create_connection(DEFAULT_DB_ALIAS)
            database.inc_thread_sharing()  # the hand-over thread checks it too
            take_session_lock(database, PRESENCE_LOCK_CLASS, self.worker_id)
            self._database = database

    def release(self) -> None:
        """Let go of the lock: the worker is stopping."""
        with self._guard:
            self._close()

    def _close(self) -> None:
        if self._database is not None:
            with contextlib.suppress(DatabaseError):  # gone with the database, and the lock too
                self._database.close()
            self._database = None


def release_tasks_of_stopped_workers() -> int:
    """Hand over again the emails of tasks left running by workers that are gone; return how many.

    The email worker runs this as it starts and every few seconds, `requeue_emails` on its timer.
    """
    if connection.vendor != "postgresql":
        return 0
    paths = [deliver_email.module_path, deliver_emails.module_path]
    with transaction.atomic():
        running = (
            DBTaskResult.objects.running()
            .filter(task_path__in=paths)
            .select_for_update(skip_locked=True)  # another worker is already releasing these
        )
        stopped = [task for task in running if not _is_alive(task.worker_ids)]
        message_ids = []
        for task in stopped:
            message_ids += _message_ids(task)
            task.set_failed(WorkerStopped(f"worker {task.worker_ids[-1]} stopped during the task"))
        unsent = list(
            OutgoingEmail.objects.filter(pk__in=message_ids)
            .exclude(status__in=[OutgoingEmail.Status.SENT, OutgoingEmail.Status.FAILED])
            .values_list("pk", flat=True)
        )
        if unsent:
            send_again(unsent)
    if stopped:
        logger.warning(
            "emails of a stopped worker handed over again",
            extra={"tasks": len(stopped), "emails": len(unsent)},
        )
    return len(unsent)


def _is_alive(worker_ids: list[str]) -> bool:
    """Whether the worker that took a task still holds its lock (taken and let go otherwise)."""
    if not worker_ids:
        return False
    return is_lock_held(PRESENCE_LOCK_CLASS, worker_ids[-1])


def _message_ids(task: DBTaskResult) -> list[int]:
    """The emails a delivery task was given: one id, or a list of them."""
    args = task.args_kwargs.get("args") or [[]]
    first = args[0]
    return list(first) if isinstance(first, list) else [first]
