"""deploy/nginx/wpsevents.conf, run for real on loopback ports inside Debian's nginx.conf:
private links stay out of its logs, pages are compressed, unknown names are refused.

Security review finding: when gunicorn failed, nginx wrote the request line of a private link,
and so its token, into its error log.
"""

import contextlib
import gzip
import http.client
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.production.nginx_config import main_config

ROOT = Path(__file__).resolve().parents[2]
HOST = "events.example.org"
pytestmark = pytest.mark.skipif(
    not (shutil.which("nginx") and shutil.which("openssl")),
    reason="nginx and openssl are not installed (`make nginx` installs Debian's nginx-light)",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _site(folder: Path, https: int, http: int, upstream: int, cache: Path) -> str:
    """The site as deployed, with its certificate, logs and ports moved into `folder`, and its
    page cache into `cache`."""
    text = (ROOT / "deploy" / "nginx" / "wpsevents.conf").read_text()
    text = text.replace("/etc/letsencrypt/live/events.example.org/", f"{folder}/")
    text = text.replace("/var/log/nginx/", f"{folder}/")
    text = text.replace("/var/cache/nginx/", f"{cache}/")
    text = re.sub(r"(?m)^\s*listen \[::\].*$", "", text)
    text = text.replace("listen 443 ", f"listen 127.0.0.1:{https} ")
    text = re.sub(r"listen 80([ ;])", rf"listen 127.0.0.1:{http}\1", text)
    return text.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")


@contextlib.contextmanager
def _running_nginx(folder: Path, upstream: int):
    """nginx with the example's configuration in `folder`, in front of 127.0.0.1:`upstream`."""
    throwaway_certificate = [
        "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
        "-keyout", "privkey.pem", "-out", "fullchain.pem",
    ]  # fmt: skip
    subprocess.run(
        throwaway_certificate,
        cwd=folder,
        check=True,
        capture_output=True,
    )
    ports = {"https": _free_port(), "http": _free_port(), "upstream": upstream}
    # nginx's workers (www-data) keep the pages: in a folder they can reach, unlike pytest's.
    cache = Path(tempfile.mkdtemp(prefix="wpsevents-nginx-cache-"))
    cache.chmod(0o755)
    (folder / "wpsevents.site").write_text(_site(folder, **ports, cache=cache))
    config = main_config(folder, str(folder / "wpsevents.site"))
    command = ["nginx", "-p", str(folder), "-c", str(config)]
    command += ["-e", str(folder / "startup.log"), "-g", "daemon off;"]
    with (folder / "startup.log").open("ab") as output:  # nginx keeps its own copy
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_for(ports["https"], server, folder / "startup.log")
        yield ports
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(cache, ignore_errors=True)


@pytest.fixture
def nginx(tmp_path):
    """nginx with the example's configuration, in front of an app server that is down."""
    with _running_nginx(tmp_path, _free_port()) as ports:
        yield tmp_path, ports


def _wait_for(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"nginx did not start: {log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail("nginx did not listen in time")


class _Https(http.client.HTTPSConnection):
    """HTTPS to loopback that names a site in the handshake (SNI), as a browser does."""

    def __init__(self, port: int, server_name: str):
        context = ssl.create_default_context()
        context.check_hostname = False  # the throwaway self-signed certificate
        context.verify_mode = ssl.CERT_NONE
        super().__init__("127.0.0.1", port, context=context, timeout=10)
        self.server_name = server_name

    def connect(self):
        raw = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.server_name)


def _get(
    port: int, path: str, tls: bool = True, host: str = HOST, **headers: str
) -> http.client.HTTPResponse:
    if tls:
        connection = _Https(port, host)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": host, **headers})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def _logs(folder: Path) -> str:
    return "".join(path.read_text() for path in sorted(folder.glob("*.log")))


def test_private_link_tokens_stay_out_of_the_logs_when_the_app_is_down(nginx):
    """Review finding: the error log recorded /r/<token>/ each time the upstream failed."""
    folder, ports = nginx
    paths = [
        "/r/SECRET1plain/",
        "/km/r/SECRET2khmer/cancel/",
        "/%72/SECRET3encoded/",
        "/KM/R/SECRET4capitals/",
        "/x/../r/SECRET5dotted/?a=1",
    ]
    for path in paths:
        assert _get(ports["https"], path).status == 502
    assert _get(ports["http"], "/r/SECRET6plainhttp/", tls=False).status == 301
    assert _get(ports["https"], "/events/workshop/").status == 502
    logs = _logs(folder)
    assert "SECRET" not in logs
    # The outage itself is still recorded: for other pages in the error log, and as 502s.
    error_log = (folder / "wpsevents.error.log").read_text()
    assert "connect() failed" in error_log
    assert "/events/workshop/" in error_log
    access_log = (folder / "wpsevents.access.log").read_text()
    assert '"GET /r/<token>/" 502' in access_log
    assert '"GET /km/r/<token>/cancel/" 502' in access_log


PAGE = (
    "<!doctype html><title>Workshop</title>" + "<p>Women, peace and security.</p>" * 350
).encode()


class _App(BaseHTTPRequestHandler):
    """Stands in for gunicorn: an 11 KB page (JSON under /api/) with the site's own
    Referrer-Policy, whatever the path."""

    def do_GET(self):
        json = self.path.startswith("/api/")
        body = b'{"status": "ok", "padding": "' + b"x" * 2000 + b'"}' if json else PAGE
        self.send_response(200)
        self.send_header("Content-Type", "application/json" if json else "text/html; charset=utf-8")
        self.send_header("Referrer-Policy", "same-origin")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def app(nginx):
    """The stand-in app server behind nginx."""
    folder, ports = nginx
    server = ThreadingHTTPServer(("127.0.0.1", ports["upstream"]), _App)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, ports
    server.shutdown()
    server.server_close()


def test_private_link_pages_keep_their_token_out_of_later_referers(app):
    """The error log records the Referer of a failed request: a page opened from a private
    link must not carry the token there."""
    _folder, ports = app
    private = _get(ports["https"], "/r/SECRET7token/")
    public = _get(ports["https"], "/events/workshop/")
    assert private.status == 200
    assert private.headers.get_all("Referrer-Policy") == ["strict-origin"]
    assert public.headers.get_all("Referrer-Policy") == ["same-origin"]


def test_pages_and_json_are_compressed_and_private_link_pages_are_not(app):
    _folder, ports = app
    page = _get(ports["https"], "/events/workshop/", **{"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(page.body) == PAGE
    assert len(page.body) < len(PAGE) / 3
    assert "Accept-Encoding" in page.headers["Vary"]
    data = _get(ports["https"], "/api/state", **{"Accept-Encoding": "gzip"})
    assert data.headers["Content-Encoding"] == "gzip"
    private = _get(ports["https"], "/r/SECRET8token/", **{"Accept-Encoding": "gzip"})
    assert private.headers["Content-Encoding"] is None
    assert private.body == PAGE


def test_unknown_names_are_refused_without_an_answer(app):
    """Scanners that name another site, or none, never reach the app (nor its log)."""
    _folder, ports = app
    with pytest.raises(http.client.RemoteDisconnected):
        _get(ports["http"], "/", tls=False, host="scanner.example")
    with pytest.raises(http.client.RemoteDisconnected):
        _get(ports["http"], "/admin/", tls=False, host="127.0.0.1")
    with pytest.raises(ssl.SSLError):
        _get(ports["https"], "/", host="scanner.example")
    assert _get(ports["https"], "/events/workshop/").status == 200


def test_a_load_balancer_reaches_the_health_check_at_the_servers_address(app):
    _folder, ports = app
    health = _get(ports["http"], "/healthz", tls=False, host="10.0.0.5")
    assert health.status == 200
