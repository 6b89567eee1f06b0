"""Django's PostgreSQL backend, whose health check asks the database only when it has spoken.

A persistent connection is checked at the start of each request that uses it
(`CONN_HEALTH_CHECKS`), so that a restart of PostgreSQL costs no request once the database is
back. Django checks with `SELECT 1`: a round trip per request, and for a registration a tenth of
its CPU, with the web worker and PostgreSQL each waking the other. A server that restarts, or
ends a session, says so on the socket first (a FATAL message, then the end of the stream), and
an idle connection otherwise has nothing to read: so the socket is polled, and `SELECT 1` runs
only when there is something to read, the one case in which the connection may be gone.
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    """PostgreSQL, with `is_usable` answered from the socket while the server says nothing."""

    def is_usable(self):
        """Whether the connection still works; a round trip only when the server has spoken."""
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != pq.TransactionStatus.IDLE:
            return super().is_usable()
        poller = select.poll()
        poller.register(connection.fileno(), select.POLLIN)
        if poller.poll(0):
            return super().is_usable()
        return True
