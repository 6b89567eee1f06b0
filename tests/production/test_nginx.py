"""deploy/nginx.conf, run for real on loopback ports: private links stay out of its logs.

Security review finding: when gunicorn failed, nginx wrote the request line of a private link,
and so its token, into its error log.
"""

import http.client
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

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


def _config(folder: Path, https: int, http: int, upstream: int) -> str:
    """The example as deployed, with its certificate, logs and ports moved into `folder`."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    text = text.replace("/etc/letsencrypt/live/events.example.org/", f"{folder}/")
    text = text.replace("/var/log/nginx/", f"{folder}/")
    text = re.sub(r"(?m)^pid .*$", f"pid {folder}/nginx.pid;", text)
    text = re.sub(r"(?m)^\s*listen \[::\].*$", "", text)
    text = text.replace("listen 443 ", f"listen 127.0.0.1:{https} ")
    text = text.replace("listen 80;", f"listen 127.0.0.1:{http};")
    return text.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")


@pytest.fixture
def nginx(tmp_path):
    """nginx with the example's configuration, in front of an app server that is down."""
    throwaway_certificate = [
        "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
        "-keyout", "privkey.pem", "-out", "fullchain.pem",
    ]  # fmt: skip
    subprocess.run(
        throwaway_certificate,
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    ports = {"https": _free_port(), "http": _free_port(), "upstream": _free_port()}
    (tmp_path / "nginx.conf").write_text(_config(tmp_path, **ports))
    command = ["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    command += ["-e", str(tmp_path / "startup.log"), "-g", "daemon off;"]
    with (tmp_path / "startup.log").open("ab") as output:  # nginx keeps its own copy
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_for(ports["https"], server, tmp_path / "startup.log")
        yield tmp_path, ports
    finally:
        server.terminate()
        server.wait(timeout=10)


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


def _get(port: int, path: str, tls: bool = True, **headers: str) -> http.client.HTTPResponse:
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False  # the throwaway self-signed certificate
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": HOST, **headers})
    response = connection.getresponse()
    response.read()
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


class _App(BaseHTTPRequestHandler):
    """Stands in for gunicorn: answers every page with the site's own Referrer-Policy."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Referrer-Policy", "same-origin")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_private_link_pages_keep_their_token_out_of_later_referers(nginx):
    """The error log records the Referer of a failed request: a page opened from a private
    link must not carry the token there."""
    _folder, ports = nginx
    app = ThreadingHTTPServer(("127.0.0.1", ports["upstream"]), _App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    try:
        private = _get(ports["https"], "/r/SECRET7token/")
        public = _get(ports["https"], "/events/workshop/")
    finally:
        app.shutdown()
        app.server_close()
    assert private.status == 200
    assert private.headers.get_all("Referrer-Policy") == ["strict-origin"]
    assert public.headers.get_all("Referrer-Policy") == ["same-origin"]
