"""Load benchmark of the production set-up, side by side with a minimal Django page (the ceiling).

Usage: `make bench` (or `.venv/bin/python bench/run.py --runs 1 --seconds 3` for a quick look).
Everything runs on 127.0.0.1; results go to bench/results/<timestamp>.json and latest.md.
"""

import argparse
import json
import os
import secrets
import sys
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import front, loadgen, organisers, report, servers

RESULTS = Path(__file__).resolve().parent / "results"
CONCURRENCY = (8, 32)
GROWTH_SIZES = (500, 5000, 50000)
FRONT_CONCURRENCY = 256
STAGES = ("public", "organisers", "front", "burst")
PARTICIPANTS = 5000
PRIVATE_LINKS = 200
# Forms fetched before each registration run, each posted once: more than a run can send.
FORMS_PER_POST_RUN = 3000
MIN_FILL_SECONDS = 3  # the production minimum time between fetching the form and sending it


def say(text: str) -> None:
    """Tell the person running the benchmark where it is."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def parse_args() -> argparse.Namespace:
    """Command-line options; the defaults are the benchmark as documented."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs to take the median of")
    parser.add_argument("--seconds", type=int, default=10, help="duration of each wrk run")
    parser.add_argument("--ceiling-seconds", type=int, default=5, help="each ceiling run")
    parser.add_argument("--growth-seconds", type=int, default=5)
    parser.add_argument("--no-growth", action="store_true", help="skip the growth runs")
    parser.add_argument(
        "--port", type=int, default=8731, help="site port; the ceiling's is +1, nginx's +2"
    )
    parser.add_argument(
        "--stages",
        default=",".join(STAGES),
        help="which parts to run, of: public (the pages at c8 and c32), organisers (the admin "
        "and the door at 500, 5,000 and 50,000), front (through nginx), burst",
    )
    parser.add_argument("--door-seconds", type=int, default=20, help="the day at the door")
    parser.add_argument("--burst-count", type=int, default=1000)
    parser.add_argument("--burst-seconds", type=int, default=60)
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wpsevents_bench"
        ),
    )
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/11")
    )
    return parser.parse_args()


def site_env(args: argparse.Namespace) -> dict:
    """The production environment, pointed at the benchmark's own database and Redis."""
    site = f"http://127.0.0.1:{args.port}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wpsevents.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": args.database,
        "CACHE_URL": args.redis,
        "RATELIMIT_ENABLE": "false",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": f"127.0.0.1,{front.NAME}",
        "CSRF_TRUSTED_ORIGINS": f"{site},https://{front.NAME}:{args.port + 2}",
        "SITE_URL": site,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
    }


def prepare(env: dict, args: argparse.Namespace) -> None:
    """Database, schema, workshop, static files: the set-up of a production server."""
    servers.ensure_database(args.database)
    servers.flush_redis(args.redis)
    servers.manage(env, "migrate", "--no-input")
    servers.manage(env, "load_workshop")
    servers.manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    # An empty queue before the worker starts: emails left by an interrupted earlier run would
    # be in the worker's hands when the first run clears the tables, and stop it.
    servers.data(env, "participants", str(PARTICIPANTS))


def measure(url: str, script: str, args: argparse.Namespace) -> dict:
    """One page at each concurrency, each run right after a run of the ceiling to compare with.

    Other work on a shared machine comes and goes: a ceiling measured minutes earlier would
    make the ratio say more about the neighbours than about the page.
    """
    parts = urllib.parse.urlsplit(url)
    for _ in range(5):  # warm up: templates, connections, the page cache
        loadgen.fetch(parts.hostname, parts.port, parts.path or "/")
    ceiling = f"http://127.0.0.1:{args.port + 1}/"
    figures = {}
    for conc in CONCURRENCY:
        paired = loadgen.wrk(ceiling, conc, args.ceiling_seconds, loadgen.get_script())
        figures[str(conc)] = {**loadgen.wrk(url, conc, args.seconds, script), "ceiling": paired}
    return figures


def one_run(number: int, env: dict, args: argparse.Namespace, slug: str) -> dict:
    """Every page at both concurrencies, on a fresh set of 5,000 participants."""
    servers.data(env, "participants", str(PARTICIPANTS))
    cookies = servers.data(env, "links", str(PRIVATE_LINKS))["cookies"]
    event = f"http://127.0.0.1:{args.port}/events/{slug}/"
    pages = {
        "event": (event, loadgen.get_script()),
        "programme": (event + "programme/", loadgen.get_script()),
        "register_get": (event + "register/", loadgen.get_script()),
        "private_link": (
            f"http://127.0.0.1:{args.port}/r/",
            loadgen.get_script(cookies=cookies),
        ),
    }
    figures = {}
    for name, (url, script) in pages.items():
        say(f"  run {number}: {name}")
        figures[name] = measure(url, script, args)
    say(f"  run {number}: register_post")
    figures["register_post"], check = _post_run(number, env, args, event + "register/")
    return {"pages": figures, "check": check}


def _post_run(number, env, args, url) -> tuple[dict, dict]:
    """Registrations at each concurrency, then the seats and what was really registered.

    Each run posts forms fetched just before it, each once, as many visitors would; they are
    sent at least the minimum fill time after they were fetched.
    """
    results = {}
    path = urllib.parse.urlsplit(url).path
    for conc in CONCURRENCY:
        tag = f"r{number}c{conc}"
        fetched = time.monotonic()
        forms = loadgen.prepare_forms("127.0.0.1", args.port, path, FORMS_PER_POST_RUN)
        time.sleep(max(0.0, MIN_FILL_SECONDS + 0.5 - (time.monotonic() - fetched)))
        script = loadgen.post_script(path, forms, tag)
        ceiling = f"http://127.0.0.1:{args.port + 1}/"
        paired = loadgen.wrk(ceiling, conc, args.ceiling_seconds, loadgen.get_script())
        version = servers.cache_version(args.redis)
        results[str(conc)] = {**loadgen.wrk(url, conc, args.seconds, script), "ceiling": paired}
        results[str(conc)]["page_cache_drops"] = servers.cache_version(args.redis) - version
        results[str(conc)]["registered"] = servers.data(env, "check", tag)["registered"]
        results[str(conc)]["email_drain_seconds"] = drain_emails(env)
    check = servers.data(env, "check", "none")
    for conc, figures in results.items():
        check[f"unregistered_{conc}"] = max(0, figures["requests"] - figures["registered"])
    return results, check


def drain_emails(env: dict, limit: float = 300) -> float:
    """Wait until the worker has sent the run's confirmations; return how long that took.

    Otherwise the worker renders them while the next page is measured, on the same two cores,
    and that page's figures would tell of the emails rather than of the page.
    """
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if servers.data(env, "emails-waiting")["waiting"] == 0:
            break
        time.sleep(2)
    return round(time.monotonic() - started, 1)


def growth(env: dict, args: argparse.Namespace, slug: str, site_process) -> tuple[dict, dict]:
    """Event page and admin list at growing numbers of participants: time per request; and at
    each number, the organisers' pages one click at a time and the day at the door."""
    site = f"http://127.0.0.1:{args.port}"
    out, side = {}, {}
    for size in GROWTH_SIZES:
        say(f"  growth: {size} participants")
        servers.data(env, "participants", str(size))
        cookie = servers.data(env, "admin-session")["cookie"]
        side[str(size)] = organisers_side(env, args, cookie, size, site_process)
        logged_in = loadgen.get_script(headers={"Cookie": cookie})
        pages = {
            "event page (cached)": (f"{site}/events/{slug}/", loadgen.get_script()),
            "event page (logged in, not cached)": (f"{site}/events/{slug}/", logged_in),
            "admin participant list": (f"{site}/admin/participants/participant/", logged_in),
        }
        out[str(size)] = {
            name: loadgen.wrk(url, 8, args.growth_seconds, script)
            for name, (url, script) in pages.items()
        }
    return out, side


def organisers_side(env, args, cookie: str, size: int, site_process) -> dict:
    """The admin one click at a time, then the door, each beside the ceiling one at a time."""
    door = servers.data(env, "door-setup")
    ceiling = organisers.percentiles(
        [organisers.request(args.port + 1, "GET", "/", "")[1] for _ in range(30)]
    )
    say(f"    organisers' pages, one click at a time ({size})")
    figures = {
        "ceiling": ceiling,
        "clicks": organisers.clicks(args.port, cookie, door["event"], door["participant"]),
    }
    figures["memory_mb_after_exports"] = servers.worker_memory_mb(site_process)
    say(f"    the day at the door ({size})")
    figures["door"] = organisers.door_day(args.port, cookie, door["references"], args.door_seconds)
    if size == PARTICIPANTS:
        say("    badges, sign-in sheet and certificates for the room")
        figures["pdfs"] = servers.data(env, "pdfs")
    return figures


def front_side(env, args, slug: str, nginx) -> dict:
    """The public pages through nginx at concurrency 256, each beside the ceiling at 256; and an
    organiser's edit, made during the event page's run, timed until the page shows it."""
    servers.data(env, "participants", str(PARTICIPANTS))
    event = f"{nginx.origin}/events/{slug}/"
    ceiling = f"http://127.0.0.1:{args.port + 1}/"
    out = {}
    for name, url in (("event", event), ("programme", event + "programme/")):
        say(f"  through nginx: {name} at c{FRONT_CONCURRENCY}")
        for _ in range(3):
            front.fetch(nginx.port, urllib.parse.urlsplit(url).path)
        paired = loadgen.wrk(ceiling, FRONT_CONCURRENCY, args.ceiling_seconds, loadgen.get_script())
        out[name] = {
            **loadgen.wrk(url, FRONT_CONCURRENCY, args.seconds, loadgen.get_script()),
            "ceiling": paired,
        }
    say("  through nginx: an organiser's edit under load")
    title = servers.data(env, "edit", "WPS localisation workshop")["title"]
    marker = f"Edited {int(time.time())}"
    _load, seconds = front.load_while(
        lambda: loadgen.wrk(event, FRONT_CONCURRENCY, 6, loadgen.get_script()),
        lambda: front.edit_shows_after(
            nginx.port,
            f"/events/{slug}/",
            lambda: servers.data(env, "edit", f"{title} ({marker})"),
            marker,
        ),
    )
    servers.data(env, "edit", title)
    out["edit_shows_after_s"] = seconds
    return out


def burst_side(env, args, nginx, inbox) -> dict:
    """The registration burst through nginx, then the seats."""
    servers.data(env, "participants", str(PARTICIPANTS))
    slug = servers.data(env, "slug")["slug"]
    say(f"  burst: {args.burst_count} registrations over {args.burst_seconds} s through nginx")
    tag = f"burst{int(time.time())}"
    figures = front.burst(
        nginx.port,
        f"/events/{slug}/register/",
        inbox,
        args.burst_count,
        args.burst_seconds,
        tag,
    )
    check = servers.data(env, "check", tag)
    figures.update(
        registered=check["registered"],
        overbooked=check["overbooked"],
        seats_taken=check["seats_taken"],
        capacity=check["capacity"],
    )
    return figures


def main() -> None:
    """Set up, start the processes, measure, write the results, stop everything."""
    args = parse_args()
    for port in (args.port, args.port + 1, args.port + 2):
        if not servers.port_is_free(port):
            raise SystemExit(f"Port {port} is in use: pass --port.")
    started = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    logs = RESULTS / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = site_env(args)
    say("Setting up the benchmark database and static files…")
    prepare(env, args)
    ceiling_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.ceiling.settings"}
    processes = []
    smtp = front.SmtpServer()
    processes.append(smtp)
    try:
        # The worker sends through a real SMTP server, which notes when each email arrives.
        processes.append(servers.worker({**env, "EMAIL_URL": smtp.url}, logs))
        site = servers.gunicorn("site", "wpsevents.wsgi:application", env, args.port, logs)
        processes.append(site)
        processes.append(
            servers.gunicorn(
                "ceiling", "bench.ceiling.wsgi:application", ceiling_env, args.port + 1, logs
            )
        )
        nginx = front.Nginx(args.port, args.port + 2, logs)
        processes.append(nginx)
        result = _measure_all(env, args, site, started, nginx, smtp.inbox)
    finally:
        for process in reversed(processes):
            process.stop()
    _write(result, started)


def _measure_all(env, args, site, started, nginx, inbox) -> dict:
    load_before = servers.load_average()
    slug = servers.data(env, "slug")["slug"]
    stages = args.stages.split(",")
    runs = []
    if "public" in stages:
        for number in range(1, args.runs + 1):
            runs.append(one_run(number, env, args, slug))
    grown, side = {}, {}
    if "organisers" in stages and not args.no_growth:
        grown, side = growth(env, args, slug, site)
    fronted = front_side(env, args, slug, nginx) if "front" in stages else {}
    burst = burst_side(env, args, nginx, inbox) if "burst" in stages else {}
    memory = servers.worker_memory_mb(site)
    summary = report.summarise(runs) if runs else {}
    checks = [run["check"] for run in runs]
    return {
        "started": started,
        "machine": {
            "cores": os.cpu_count(),
            "cpu": servers.cpu_model(),
            "load_before": load_before,
            "load_after": servers.load_average(),
        },
        "runs_count": args.runs,
        "seconds": args.seconds,
        "ceiling_seconds": args.ceiling_seconds,
        "workers": len(memory),
        "settings": {
            "REGISTRATION_MIN_FILL_SECONDS": "default (3 s)",
            "forms_per_post_run": FORMS_PER_POST_RUN,
        },
        "runs": runs,
        "summary": summary,
        "growth": grown,
        "organisers": side,
        "front": fronted,
        "burst": burst,
        "memory_mb": memory,
        "targets": report.targets(summary, checks, memory)
        + report.organisers_targets(side)
        + report.front_targets(fronted, burst),
    }


def _write(result: dict, started: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{started}.json").write_text(json.dumps(result, indent=2) + "\n")
    table = report.markdown(result)
    (RESULTS / "latest.md").write_text(table)
    say(table)


if __name__ == "__main__":
    start = time.monotonic()
    main()
    say(f"Benchmark took {time.monotonic() - start:.0f} s.")
