"""The email worker: django-tasks-db's `db_worker`, which outlives a database restart."""

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

logger = logging.getLogger(__name__)
PAUSE_SECONDS = 5


class Command(DatabaseWorkerCommand):
    help = (
        "Send the queued emails (django-tasks-db's db_worker, same options). When the database "
        "goes away, wait and carry on instead of stopping: under honcho or a platform's process "
        "manager a stopped worker takes the web server down with it."
    )

    def handle(self, *args, **options):
        """Run the worker; after losing the database, run it again once it may be back."""
        while True:
            try:
                return super().handle(*args, **options)
            except (OperationalError, InterfaceError) as error:
                logger.warning(
                    "email worker lost the database; starting again in %d s",
                    PAUSE_SECONDS,
                    extra={"error": type(error).__name__},
                )
                connections.close_all()
                time.sleep(PAUSE_SECONDS)
