"""deploy/install.sh and deploy/upgrade.sh, run for real into a temporary prefix.

The installer is given a clone of this code at PREFIX/srv/wpsevents and writes everything under
PREFIX: nothing outside it, no packages, no user, no systemd (which is not running here). Its
service user is `nobody` when the suite runs as root, so that the code's ownership and the env
file's permissions are exercised; otherwise the user running the suite. It installs against the
test database, as a second app server would. What it installs is then checked with the real
tools (`systemd-analyze verify`, `nginx -t` inside Debian's own nginx.conf) and run as its units
would run it.
"""

import hashlib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from tests.factories import EventFactory
from tests.production.nginx_config import main_config
from tests.production.systemd_env import shell_environment, systemd_environment
from tests.production.units import exec_command, read_unit, run_service

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "events.example.org"
HTTPS = {"X-Forwarded-Proto": "https"}  # what nginx tells the app behind it
AS_ROOT = os.geteuid() == 0
# Continuous integration (.ci/run) must exercise the installer: nothing is skipped there.
IN_CI = os.environ.get("WPSEVENTS_CI") == "1"
SERVICE_USER = "nobody" if AS_ROOT else pwd.getpwuid(os.geteuid()).pw_name
pytestmark = [
    pytest.mark.postgres,
    # The installed server shares the test database, and sees what the tests commit.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" and not IN_CI, reason="the site runs on PostgreSQL"
    ),
    pytest.mark.skipif(
        not (Path("/usr/bin/python3").exists() and shutil.which("git")) and not IN_CI,
        reason="the installer needs Debian's python3 (python3-venv) and git",
    ),
]


class Inbox:
    """An SMTP server's handler that keeps what it receives: the operators' mailbox."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@dataclass
class Installation:
    prefix: Path
    origin: Path
    inbox: Inbox
    output: str = ""

    @property
    def app(self) -> Path:
        return self.prefix / "srv" / "wpsevents"

    @property
    def env_file(self) -> Path:
        return self.prefix / "etc" / "wpsevents" / "env"

    @property
    def manage(self) -> Path:
        return self.prefix / "usr" / "local" / "bin" / "wpsevents-manage"

    def unit(self, name: str) -> Path:
        return self.prefix / "etc" / "systemd" / "system" / name

    def install(self, *options: str) -> str:
        """Run the installer as it is in the installed code; return what it printed."""
        return _run([str(self.app / "deploy" / "install.sh"), *self.options(), *options])

    def options(self) -> list[str]:
        return ["--prefix", str(self.prefix), "--user", SERVICE_USER]


def _run(command: list[str], timeout: float = 900, **kwargs) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, **kwargs)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def _database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _git(folder: Path, *args: str) -> str:
    identity = ["-c", "user.name=Release", "-c", "user.email=release@example.org"]
    return _run(["git", "-C", str(folder), *identity, *args])


@pytest.fixture(scope="module")
def installation(django_db_setup, django_db_blocker):
    """The code as committed here, installed into a fresh prefix on the test database."""
    prefix = Path(tempfile.mkdtemp(prefix="wpsevents-install-", dir="/tmp"))
    prefix.chmod(0o755)  # the service user goes through it
    origin = prefix / "origin"
    files = _run(["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard", "-z"])
    for name in filter(None, files.split("\0")):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (origin / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, origin / name)
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "add", "-A")
    _git(origin, "commit", "-q", "-m", "The release installed")
    _run(["git", "clone", "-q", str(origin), str(prefix / "srv" / "wpsevents")])
    inbox = Inbox()
    smtp_port = _free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    installation = Installation(prefix=prefix, origin=origin, inbox=inbox)
    try:
        with django_db_blocker.unblock():
            installation.output = installation.install(
                "--domain", DOMAIN,
                "--email-url", f"smtp://127.0.0.1:{smtp_port}",
                "--operators", "ops@example.org",
                "--database-url", _database_url(),
                "--cache-url", "locmemcache://",
            )  # fmt: skip
        yield installation
    finally:
        smtp.stop()
        shutil.rmtree(prefix, ignore_errors=True)


def test_installer_goes_through_every_step_without_touching_the_system(installation):
    steps = re.findall(r"^==> \d+\. (.*)$", installation.output, re.MULTILINE)
    assert steps[:3] == ["packages", f"the service user, {SERVICE_USER}", steps[2]]
    for step in ("virtual environment", "wrapper", "catalogues", "static files", "migrations"):
        assert any(step in line for line in steps), step
    assert "systemd is not running here" in installation.output
    assert "enabled: wpsevents-bootstrap" in installation.output


@pytest.mark.skipif(not AS_ROOT, reason="ownership is only set by root")
def test_installer_gives_the_code_to_root_and_only_media_static_and_backups_to_the_service_user(
    installation,
):
    service_uid = pwd.getpwnam(SERVICE_USER).pw_uid
    for path in [installation.app, *installation.app.rglob("*")]:
        if path.is_symlink():
            continue
        info = path.lstat()
        assert info.st_uid == 0, path
        assert not info.st_mode & 0o022, f"{path} is writable by others than root"
    state = installation.prefix / "var" / "lib" / "wpsevents"
    writable = [state / "media", state / "static", installation.prefix / "var/backups/wpsevents"]
    for folder in writable:
        assert folder.stat().st_uid == service_uid, folder
    assert (installation.prefix / "var/backups/wpsevents").stat().st_mode & 0o777 == 0o700
    assert any((state / "static").rglob("*.css")), "collectstatic ran"
    assert any(installation.app.glob("locale/km/LC_MESSAGES/django.mo")), "compilemessages ran"


def test_installer_writes_a_private_env_file_that_sh_and_systemd_read_alike(installation):
    env_file = installation.env_file
    assert env_file.stat().st_mode & 0o777 == 0o640
    assert env_file.stat().st_gid == pwd.getpwnam(SERVICE_USER).pw_gid
    from_systemd = systemd_environment(env_file.read_text())
    assert shell_environment(env_file, "sh") == from_systemd
    assert from_systemd["DEFAULT_FROM_EMAIL"] == f"WPS Events <events@{DOMAIN}>"
    assert from_systemd["DEBUG"] == "false"
    assert len(from_systemd["SECRET_KEY"]) >= 50


def test_installer_stops_at_an_env_file_sh_cannot_read_and_completes_an_older_one(
    installation,
):
    """An env file written before the quoting rule, as the documentation used to show it."""
    env_file = installation.env_file
    written = env_file.read_text()
    try:
        env_file.write_text(written + "DEFAULT_FROM_EMAIL=WPS Events <events@example.org>\n")
        result = subprocess.run(
            [str(installation.app / "deploy" / "install.sh"), *installation.options()],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode != 0
        assert "does not load in sh" in result.stderr
        older = [line for line in written.splitlines() if not line.startswith("STATIC_ROOT=")]
        env_file.write_text("\n".join(older) + "\n")
        assert "added STATIC_ROOT=" in installation.install()
    except BaseException:
        env_file.write_text(written)
        raise
    assert systemd_environment(env_file.read_text()) == systemd_environment(written)


def test_wrapper_runs_manage_py_as_the_service_user_with_only_the_env_file(installation):
    script = "import getpass, os; print(getpass.getuser(), os.environ['SITE_URL'], "
    script += "os.environ.get('DEBUG'))"
    env = {**os.environ, "DEBUG": "true", "SITE_URL": "http://wrong.example"}
    output = _run([str(installation.manage), "shell", "-c", script], env=env)
    assert output.splitlines()[-1].split() == [SERVICE_USER, f"https://{DOMAIN}", "false"]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_installed_units_pass_systemd_analyze_verify(installation):
    units = sorted(
        str(path) for path in (installation.prefix / "etc/systemd/system").glob("wpsevents-*")
    )
    assert len(units) == 12
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units],
        capture_output=True,
        text=True,
        timeout=120,
    )
    complaints = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if "Special user nobody configured" not in line  # the suite's stand-in service user
    ]
    assert result.returncode == 0 and complaints == [], "\n".join(complaints)


def test_every_scheduled_job_is_a_timer_whose_failure_alerts_the_operators(installation):
    timers = sorted(p.name for p in (installation.prefix / "etc/systemd/system").glob("*.timer"))
    assert timers == [
        "wpsevents-backup.timer",
        "wpsevents-purge-personal-data.timer",
        "wpsevents-requeue-emails.timer",
        "wpsevents-send-reminders.timer",
    ]
    for timer in timers:
        service = read_unit(installation.unit(timer.replace(".timer", ".service")))
        assert service["Unit.OnFailure"] == ["wpsevents-failure@%n.service"]
    assert read_unit(installation.unit(timers[1]))["Timer.OnCalendar"] == ["monthly"]


def _nginx_check(installation, folder: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on the enabled sites, inside this machine's Debian nginx.conf (whose own logs
    and pid go to `folder`)."""
    config = main_config(folder, f"{installation.prefix}/etc/nginx/sites-enabled/*")
    command = ["nginx", "-t", "-q", "-c", str(config), "-p", str(folder)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def _snapshot(installation) -> dict[str, tuple]:
    """Every file the installer wrote outside the code: content, mode and owner."""
    found = {}
    for top in ("etc", "usr", "var"):
        for path in (installation.prefix / top).rglob("*"):
            if path.is_file() and not path.is_symlink() and "static" not in path.parts:
                info = path.stat()
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[str(path)] = (digest, info.st_mode, info.st_uid, info.st_gid)
    return found


@pytest.mark.skipif(
    not (shutil.which("nginx") and shutil.which("openssl")) and not IN_CI,
    reason="nginx and openssl are not installed (`make nginx` installs Debian's nginx-light)",
)
def test_nginx_bootstraps_then_serves_https_once_the_certificate_exists(installation, tmp_path):
    enabled = installation.prefix / "etc/nginx/sites-enabled"
    assert sorted(p.name for p in enabled.iterdir()) == ["wpsevents-bootstrap"]
    bootstrap = _nginx_check(installation, tmp_path)
    assert bootstrap.returncode == 0, bootstrap.stderr
    hook = installation.prefix / "etc/letsencrypt/renewal-hooks/deploy/wpsevents-reload-nginx"
    assert hook.stat().st_mode & 0o111
    assert subprocess.run(["sh", "-n", str(hook)]).returncode == 0
    assert "systemctl reload nginx" in hook.read_text()

    # What certbot leaves, from a throwaway self-signed certificate; then the installer again.
    live = installation.prefix / "etc/letsencrypt/live" / DOMAIN
    live.mkdir(parents=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-days", "1", "-subj", f"/CN={DOMAIN}",
         "-keyout", str(live / "privkey.pem"), "-out", str(live / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    before = _snapshot(installation)
    secret_key = systemd_environment(installation.env_file.read_text())["SECRET_KEY"]
    output = installation.install()
    assert "enabled: wpsevents\n" in output
    assert sorted(p.name for p in enabled.iterdir()) == ["wpsevents"]
    # Run again, the installer changed nothing else: same files, same secret key.
    assert _snapshot(installation) == before
    assert systemd_environment(installation.env_file.read_text())["SECRET_KEY"] == secret_key
    assert "up to date with pyproject.toml" in output
    https = _nginx_check(installation, tmp_path)
    assert https.returncode == 0, https.stderr


def test_backup_timer_writes_a_backup_as_the_service_user(installation):
    backups = installation.prefix / "var" / "backups" / "wpsevents"
    shutil.rmtree(backups)  # the unit makes its folder itself, as a fresh server has none
    result = run_service(installation.unit("wpsevents-backup.service"))
    assert result.returncode == 0, result.stderr
    [dump] = backups.glob("wpsevents-*.dump")
    assert dump.stat().st_uid == pwd.getpwnam(SERVICE_USER).pw_uid
    assert dump.stat().st_mode & 0o077 == 0, "readable by the service user only"
    assert backups.stat().st_mode & 0o777 == 0o700
    listing = _run(["pg_restore", "--list", str(dump)])
    assert "TABLE DATA public participants_participant" in listing


def test_purge_timer_succeeds_when_there_is_nothing_to_purge_yet(installation):
    result = run_service(installation.unit("wpsevents-purge-personal-data.service"))
    assert result.returncode == 0, result.stderr
    assert "Nothing to purge yet" in result.stdout


def test_requeue_timer_succeeds_while_no_email_is_stuck(installation):
    result = run_service(installation.unit("wpsevents-requeue-emails.service"))
    assert result.returncode == 0, result.stderr
    assert "waiting emails queued again" in result.stdout


def test_reminders_timer_succeeds_when_nothing_is_due(installation):
    result = run_service(installation.unit("wpsevents-send-reminders.service"))
    assert result.returncode == 0, result.stderr
    assert "0 reminders and livestream links queued" in result.stdout


def test_a_failed_unit_is_logged_as_an_error_and_emailed_to_the_operators(installation):
    unit = "wpsevents-backup.service"
    result = run_service(installation.unit("wpsevents-failure@.service"), instance=unit)
    assert result.returncode == 0, result.stderr
    assert '"level": "ERROR"' in result.stderr and unit in result.stderr
    [(recipients, message)] = installation.inbox.messages
    assert recipients == ["ops@example.org"]
    assert unit in message["Subject"]
    assert f"journalctl -u {unit}" in message.get_payload()


class WebServer:
    """wpsevents-web as systemd runs it: gunicorn on a listening socket that systemd holds
    (socket activation), so that the service can restart while the socket stays open."""

    def __init__(self, installation):
        self.unit_path = installation.unit("wpsevents-web.service")
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=128)
        self.port = self.listener.getsockname()[1]
        self.log = installation.prefix / "gunicorn.log"
        self.process = None

    def start(self) -> None:
        """What `systemctl start wpsevents-web.service` does: the socket as fd 3, LISTEN_PID
        the service's own process id, then wait for the service to be ready."""
        unit = read_unit(self.unit_path)
        [line] = unit["Service.ExecStart"]
        command = exec_command(unit, line, extra={"WEB_CONCURRENCY": "2"})
        env_at = command.index("-i") + 1  # the first variable `env -i` sets
        script = 'fd=$1; at=$2; shift 2; exec 3<&"$fd"; '
        script += 'exec "${@:1:at}" LISTEN_PID=$$ LISTEN_FDS=1 "${@:at+1}"'
        fd = self.listener.fileno()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                ["bash", "-c", script, "bash", str(fd), str(env_at), *command],
                cwd=unit["Service.WorkingDirectory"][0],
                pass_fds=[fd],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_until_it_answers()

    def _wait_until_it_answers(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                if self.get("/healthz", host=f"127.0.0.1:{self.port}", timeout=2)[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        pytest.fail("the web service did not answer")

    def stop(self) -> None:
        """What `systemctl stop` does with KillMode=mixed: SIGTERM to gunicorn's master."""
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=40)

    def reload(self) -> None:
        """`systemctl reload`: ExecReload= sends HUP; new workers replace the old ones."""
        self.process.send_signal(signal.SIGHUP)
        time.sleep(4)

    def get(self, path: str, host: str = DOMAIN, timeout: float = 30, **headers: str):
        """(status, headers, body) of a plain-HTTP request, as nginx or a load balancer sends."""
        client = HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            client.request("GET", path, headers={"Host": host, **headers})
            response = client.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            client.close()

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.stop()
        self.listener.close()


@pytest.fixture
def web(installation):
    server = WebServer(installation)
    try:
        server.start()
        yield server
    finally:
        server.close()


def test_second_server_serves_pages_and_answers_its_health_check_at_its_own_address(web):
    EventFactory(slug="workshop", is_featured=True, capacity=10)
    status, _headers, body = web.get("/healthz", host=f"127.0.0.1:{web.port}")
    assert (status, body) == (200, b'{"status": "ok", "database": "up", "cache": "local"}')
    assert web.get("/", host=f"127.0.0.1:{web.port}")[0] == 400  # pages keep the host check
    status, headers, _body = web.get("/")
    assert (status, headers["Location"]) == (301, f"https://{DOMAIN}/")
    status, _headers, page = web.get("/events/workshop/", **HTTPS)
    assert status == 200
    stylesheet = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "fingerprinted static files"
    css_status, css_headers, _css = web.get(stylesheet.group(1).decode(), **HTTPS)
    assert css_status == 200
    assert "immutable" in css_headers["Cache-Control"]


class Visitor(threading.Thread):
    """Asks for a page without pause, and remembers what every request got and how long it took."""

    def __init__(self, web: WebServer):
        super().__init__(daemon=True)
        self.web, self.results, self.stopping = web, [], threading.Event()

    def run(self):
        while not self.stopping.is_set():
            started = time.monotonic()
            try:
                status = self.web.get("/robots.txt", timeout=60, **HTTPS)[0]
            except OSError as error:
                status = type(error).__name__
            self.results.append((status, time.monotonic() - started))


def test_an_upgrade_shows_after_a_restart_and_no_request_is_refused_meanwhile(installation, web):
    """Operator finding: after "reload web" six answers out of six were the old code."""

    def robots() -> bytes:
        return web.get("/robots.txt", **HTTPS)[2]

    assert b"Disallow: /upgraded/" not in robots()
    views = installation.origin / "wpsevents" / "views.py"
    new_line = '"Disallow: /r/",\n        "Disallow: /upgraded/",'
    views.write_text(views.read_text().replace('"Disallow: /r/",', new_line, 1))
    _git(installation.origin, "commit", "-q", "-am", "The release upgraded to")

    output = _run([str(installation.app / "deploy" / "upgrade.sh"), *installation.options()])
    assert "==> 1. pull the code" in output
    for step in ("catalogues", "static files", "migrations"):
        assert step in output
    assert "restart wpsevents-web and wpsevents-worker" in output

    web.reload()
    assert b"Disallow: /upgraded/" not in robots(), "a reload keeps the old code"

    visitor = Visitor(web)
    visitor.start()
    time.sleep(1)
    web.stop()  # `systemctl restart`: stop, then start on the socket systemd kept open
    web.start()
    time.sleep(1)
    visitor.stopping.set()
    visitor.join(timeout=90)
    assert b"Disallow: /upgraded/" in robots()
    assert {status for status, _took in visitor.results} == {200}, "none refused or failed"
    longest_wait = max(took for _status, took in visitor.results)
    assert longest_wait < 20, f"a request waited {longest_wait:.1f} s during the restart"
