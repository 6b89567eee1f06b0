"""The health check of a persistent connection (Django's `CONN_HEALTH_CHECKS`): a request after
the database dropped the connection is served on a new one (PostgreSQL)."""

import io
import json

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's sessions"),
]


def _last_statement_of(pid: int) -> str:
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
            return cursor.fetchone()[0]
    finally:
        other.close()


def _end_session(pid: int) -> None:
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    finally:
        other.close()


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid() /* before the check */")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_database_ended_is_not_usable():
    _end_session(_backend_pid())
    try:
        assert not connection.is_usable()
    finally:
        connection.close()


def _get(path: str) -> tuple[str, dict]:
    """A request as a WSGI server makes it: the test client skips the connection checks."""
    answer = {}
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
    }
    body = b"".join(WSGIHandler()(environ, lambda status, headers: answer.update(status=status)))
    return answer["status"], json.loads(body)


@pytest.mark.django_db(transaction=True)
def test_the_next_request_after_the_database_ended_the_session_is_served():
    connection.settings_dict["CONN_MAX_AGE"] = 600  # kept from one request to the next
    try:
        assert _get("/healthz")[0] == "200 OK"
        pid = _backend_pid()
        _end_session(pid)
        status, health = _get("/healthz")
        assert (status, health["database"]) == ("200 OK", "up")
        assert _backend_pid() != pid
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = 0
