"""Instructions the site runs for one registration and one cached page, counted under valgrind.

On a shared machine, requests a second vary by a third from one minute to the next; the number
of instructions a request executes varies by well under 1 %. Count them to judge a change to
the code; run the wrk benchmark to judge the site.

Usage: `make bench-instructions` (it sets up the benchmark's database as `make bench` does).
Each figure is the difference between two runs of one process, with 20 and 220 requests after
the same warm-up, divided by 200: what starting Python and Django costs falls out. Only the
web process is counted, not PostgreSQL, Redis or gunicorn.
"""

import io
import json
import re
import shutil
import subprocess
import sys
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import loadgen, run, servers  # noqa: E402

MEASURES = ("registration", "event_page", "ceiling_page")
FEW, MANY, WARM_UP = 20, 220, 30


def main() -> None:
    """Count each measure twice, print instructions per request, write them to results/."""
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is missing: `make bench-instructions` installs it.")
    args = run.parse_args()
    env = {**run.site_env(args), "SECRET_KEY": "instructions-only-" + "0" * 40}
    env.update(PYTHONHASHSEED="0", REGISTRATION_MIN_FILL_SECONDS="0")
    run.say("Setting up the benchmark database…")
    run.prepare(env, args)
    figures = {}
    for measure in MEASURES:
        counts = [_count(env, args, measure, requests) for requests in (FEW, MANY)]
        figures[measure] = round((counts[1] - counts[0]) / (MANY - FEW))
        run.say(f"  {measure}: {figures[measure] / 1e6:.2f} million instructions a request")
    figures["registration_to_ceiling"] = round(figures["ceiling_page"] / figures["registration"], 3)
    started = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    result = {"started": started, "instructions_per_request": figures}
    (run.RESULTS / f"instructions-{started}.json").write_text(json.dumps(result, indent=2) + "\n")


def _count(env: dict, args, measure: str, requests: int) -> int:
    """Instructions one child process executes: start-up, warm-up and `requests` requests."""
    servers.flush_redis(args.redis)
    servers.data(env, "participants", str(run.PARTICIPANTS))
    if measure == "ceiling_page":
        env = {**env, "DJANGO_SETTINGS_MODULE": "bench.ceiling.settings"}
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no"]
    command += ["--cachegrind-out-file=/dev/null", sys.executable, __file__]
    command += ["--child", measure, str(requests)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode or found is None:
        raise SystemExit(f"{measure} failed under valgrind:\n{done.stdout}\n{done.stderr}")
    return int(found.group(1).replace(",", ""))


def child(measure: str, requests: int) -> None:
    """Inside valgrind: make `requests` requests of one kind through Django's WSGI handler."""
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    app = WSGIHandler()
    if measure == "ceiling_page":
        request = _get(app, "/")
    else:
        from bench.data import bench_event

        slug = bench_event().slug
        request = _get(app, f"/events/{slug}/")
        if measure == "registration":
            request = _registration(app, f"/events/{slug}/register/")
    for _ in range(WARM_UP):
        request()
    for _ in range(requests):
        request()


def _call(app, method: str, path: str, body: bytes = b"", cookie: str = ""):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_COOKIE": cookie,
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=headers)

    content = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], content


def _get(app, path: str):
    def request():
        status, _headers, _content = _call(app, "GET", path)
        assert status.startswith("200"), f"GET {path}: {status}"

    return request


def _registration(app, path: str):
    """A registration as the benchmark posts it: a new address each time.

    The form is fetched once; each post carries a fresh "form started" stamp, as a form
    fetched anew would, since a stamp is good for one registration.
    """
    from wpsevents.participants.registration.robots import new_form_stamp

    _status, headers, content = _call(app, "GET", path)
    cookie = "; ".join(value.split(";")[0] for name, value in headers if name == "Set-Cookie")
    answers = loadgen.filled_in(content.decode(), 1)
    sent = iter(range(10**9))

    def request():
        email = f"counted-{next(sent)}@bench.example.org"
        body = urllib.parse.urlencode({**answers, "email": email, "started": new_form_stamp()})
        status, _headers, _content = _call(app, "POST", path, body.encode(), cookie)
        assert status.startswith("302"), f"POST {path}: {status}"

    return request


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], int(sys.argv[3]))
    else:
        main()
