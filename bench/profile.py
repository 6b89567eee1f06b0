"""Profile one page of the benchmark's site with pyinstrument, in-process, on its database.

Run after `make bench` (which leaves the database filled), e.g.:
  .venv/bin/python bench/profile.py /events/<slug>/register/ [--post] [--repeat 20]
  .venv/bin/python bench/profile.py /admin/participants/participant/?q=Person4242 --admin
Prints pyinstrument's call tree and writes it to bench/results/profile-<name>.txt.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="wpsevents.settings",
    DEBUG="false",
    SECRET_KEY=os.environ.get("SECRET_KEY", "profile-only-secret-key-0123456789-abcdefghijklmnop"),
    DATABASE_URL=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wpsevents_bench"
    ),
    CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/11"),
    RATELIMIT_ENABLE="false",
    SECURE_SSL_REDIRECT="false",
    ALLOWED_HOSTS="127.0.0.1",
    TASKS_BACKEND="django_tasks_db.DatabaseBackend",
    EMAIL_URL="dummymail://",
    LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from bench.data import admin_session  # noqa: E402

HOST = {"HTTP_HOST": "127.0.0.1"}


def _form_data(client: Client, path: str, n: int) -> dict:
    body = client.get(path, **HOST).content.decode()
    data = dict(re.findall(r'name="(csrfmiddlewaretoken|started)" value="([^"]*)"', body))
    data.update(
        given_name="Profile",
        family_name="Run",
        email=f"profile-{time.time_ns()}-{n}@bench.example.org",
        organisation="Ministry",
        organisation_type="government",
        country="KH",
        gender="woman",
        days="both",
        attendance_mode="in_person",
        language="en",
        consents_to_data_processing="on",
    )
    return data


def main() -> None:
    """Request the page `--repeat` times under the profiler and print where the time goes."""
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--post", action="store_true")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--flat", action="store_true", help="time per function, not a tree")
    parser.add_argument("--admin", action="store_true", help="as an organiser, signed in")
    args = parser.parse_args()
    client = Client(enforce_csrf_checks=True)
    if args.admin:
        name, key = admin_session()["cookie"].split("=", 1)
        client.cookies[name] = key
    # Warm up: templates, connections, caches. A private link sets its cookie and redirects to
    # its page, which is then the page profiled.
    warm = client.get(args.path, follow=not args.post, **HOST)
    chain = getattr(warm, "redirect_chain", [])
    path = chain[-1][0] if chain else args.path
    forms = [_form_data(client, path, n) for n in range(args.repeat)] if args.post else []
    if forms:
        time.sleep(int(os.environ.get("REGISTRATION_MIN_FILL_SECONDS", "3")) + 1)
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for n in range(args.repeat):
            if args.post:
                response = client.post(path, forms[n], **HOST)
            else:
                response = client.get(path, **HOST)
                if response.streaming:  # a CSV export: its rows are made as they are read
                    b"".join(response.streaming_content)
    elapsed = (time.perf_counter() - started) / args.repeat * 1000
    text = profiler.output_text(unicode=True, show_all=False, flat=args.flat)
    name = re.sub(r"[^a-z0-9]+", "-", args.path.lower()).strip("-") + ("-post" if args.post else "")
    (ROOT / "bench" / "results" / f"profile-{name}.txt").write_text(text)
    sys.stdout.write(text + f"\nstatus {response.status_code}; {elapsed:.1f} ms per request\n")


if __name__ == "__main__":
    main()
