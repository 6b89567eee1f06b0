"""The organisers' side: admin pages one click at a time, and the day at the door.

Requests go straight to gunicorn (as the site's own port), with an organiser's session cookie
(a superuser past both factors, from `bench.data admin-session`). Times are wall-clock from the
request sent to the last byte read, in milliseconds.
"""

import http.client
import random
import secrets
import threading
import time
import urllib.parse
from statistics import median

CLICKS = 7  # each page one click at a time, the median of these
EXPORT_CLICKS = 3
ADMIN = "/admin/participants/participant/"


def request(port: int, method: str, path: str, cookie: str, body: str = "") -> tuple[int, float]:
    """One request to 127.0.0.1:`port`: (status, milliseconds to the last byte)."""
    headers = {"Cookie": cookie, "Host": "127.0.0.1"}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        while response.read(1 << 16):
            pass
        status = response.status
    except (http.client.HTTPException, OSError):
        status = 0  # cut off: gunicorn's worker timed out and was replaced
    finally:
        conn.close()
    return status, (time.perf_counter() - started) * 1000


def with_csrf(cookie: str) -> tuple[str, str]:
    """The cookie with a CSRF secret added, and the same secret to post as the form's token."""
    secret = secrets.token_hex(16)  # 32 characters: Django takes an unmasked secret as a token
    return f"{cookie}; csrftoken={secret}", secret


def pages(event_pk: int, participant_pk: int) -> dict[str, str]:
    """The organisers' pages measured one click at a time."""
    return {
        "list": ADMIN,
        "list filtered": ADMIN + "?status__exact=confirmed&attendance_mode__exact=in_person",
        "list searched": ADMIN + "?q=Person4242",
        "change page": f"{ADMIN}{participant_pk}/change/",
        "report": "/admin/reports/",
        "CSV export": ADMIN + "export/csv/",
        "Excel export": ADMIN + "export/xlsx/",
        "sign-in sheet (PDF)": ADMIN + f"sign-in-sheets/?event={event_pk}&day=1&order=family_name",
    }


def clicks(port: int, cookie: str, event_pk: int, participant_pk: int) -> dict:
    """Each page requested alone, a few times: median and worst in milliseconds."""
    out = {}
    for name, path in pages(event_pk, participant_pk).items():
        long = "export" in name or "PDF" in name
        if not long:
            request(port, "GET", path, cookie)  # warm up
        answers = [
            request(port, "GET", path, cookie) for _ in range(EXPORT_CLICKS if long else CLICKS)
        ]
        times = [ms for _status, ms in answers]
        out[name] = {
            "median_ms": round(median(times), 1),
            "max_ms": round(max(times), 1),
            "errors": sum(1 for status, _ms in answers if status != 200),
        }
    return out


def door_day(port: int, cookie: str, references: list[str], seconds: float) -> dict:
    """3 door phones (search, then check in) beside 2 organisers browsing the list, together.

    Each phone searches for a person by name and checks them in for day 1; each organiser
    opens the list, filtered, searched, in turn. Returns each kind's figures.
    """
    cookie, token = with_csrf(cookie)
    times: dict[str, list[float]] = {"check-in search": [], "check-in": [], "list": []}
    errors = []
    stop = time.monotonic() + seconds
    people = list(references)
    random.Random(7).shuffle(people)
    lock = threading.Lock()

    def phone():
        while time.monotonic() < stop:
            with lock:
                reference = people.pop() if people else random.choice(references)
            number = int(reference.removeprefix("WPS-B"))
            status, ms = request(port, "GET", f"/checkin/?q=Person{number}+Bench", cookie)
            times["check-in search"].append(ms)
            errors.extend([status] if status != 200 else [])
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "day": "1"})
            status, ms = request(port, "POST", f"/checkin/{reference}/", cookie, body)
            times["check-in"].append(ms)
            errors.extend([status] if status != 302 else [])

    def organiser():
        lists = list(pages(0, 0).values())[:3]
        n = 0
        while time.monotonic() < stop:
            status, ms = request(port, "GET", lists[n % 3], cookie)
            times["list"].append(ms)
            errors.extend([status] if status != 200 else [])
            n += 1

    threads = [threading.Thread(target=phone) for _ in range(3)]
    threads += [threading.Thread(target=organiser) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out = {name: percentiles(values) for name, values in times.items()}
    out["errors"] = len(errors)
    return out


def percentiles(values: list[float]) -> dict:
    """Count, median, 99th percentile and worst of a list of milliseconds."""
    ordered = sorted(values) or [0.0]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "count": len(values),
        "median_ms": round(median(ordered), 1),
        "p99_ms": round(p99, 1),
        "max_ms": round(ordered[-1], 1),
    }
