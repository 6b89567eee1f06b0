"""The benchmark's data: participants in bulk, private links, an admin session, checks.

Run as `python -m bench.data COMMAND [N]` with the benchmark's environment; prints JSON.
"""

import json
import os
import sys
import time
from importlib import import_module
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wpsevents.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.signing import get_cookie_signer  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from tests.factories import ParticipantFactory  # noqa: E402
from wpsevents.accounts.sessions import LAST_SEEN_AT, SIGNED_IN_AT  # noqa: E402
from wpsevents.events.cache import invalidate_public_pages  # noqa: E402
from wpsevents.events.models import Event  # noqa: E402
from wpsevents.participants.door.badges import render_badges_pdf  # noqa: E402
from wpsevents.participants.door.certificates import render_certificate_pdf  # noqa: E402
from wpsevents.participants.door.sheets import render_sign_in_sheet_pdf  # noqa: E402
from wpsevents.participants.models import Certificate, OutgoingEmail, Participant  # noqa: E402
from wpsevents.participants.qr import checkin_qr, keep_checkin_qr_svg  # noqa: E402
from wpsevents.participants.registration.private_link import SALT, cookie_name  # noqa: E402
from wpsevents.participants.tokens import issue_private_link  # noqa: E402

SLUG = "wps-localisation-workshop-2023"
Status = Participant.Status
Mode = Participant.AttendanceMode
BENCH_USER = "bench-admin"


def bench_event() -> Event:
    """The featured workshop that `load_workshop` created."""
    return Event.objects.filter(is_featured=True).first() or Event.objects.get(slug=SLUG)


def _status_and_mode(n: int, capacity: int | None) -> tuple[str, str]:
    """A plausible mix that leaves some seats free: the first POSTs confirm, later ones wait."""
    seats = (capacity or 120) - 20
    if n < seats:
        return Status.CONFIRMED, Mode.IN_PERSON
    if n % 10 == 0:
        return Status.WAITLISTED, Mode.IN_PERSON
    if n % 25 == 1:
        return Status.CANCELLED, Mode.IN_PERSON
    return Status.CONFIRMED, Mode.ONLINE


def reset_participants(count: int) -> dict:
    """Remove every participant (and what hangs off them), then create `count` in bulk."""
    tables = [
        Participant._meta.db_table,
        Participant.history.model._meta.db_table,
        "django_session",
        DBTaskResult._meta.db_table,
    ]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        names = ", ".join(connection.ops.quote_name(t) for t in tables if t in existing)
        cursor.execute(f"TRUNCATE {names} CASCADE")
    event = bench_event()
    now = timezone.now()
    rows = []
    for n in range(count):
        status, mode = _status_and_mode(n, event.capacity)
        rows.append(
            ParticipantFactory.build(
                event=event,
                reference=f"WPS-B{n:06d}",  # drawn at random, 50,000 would likely clash
                given_name=f"Person{n}",
                family_name="Bench",
                email=f"seed{n}@bench.example.org",
                gender=Participant.Gender.WOMAN if n % 3 else Participant.Gender.MAN,
                attendance_mode=mode,
                status=status,
                confirmed_at=now if status == Status.CONFIRMED else None,
                waitlisted_at=now if status == Status.WAITLISTED else None,
            )
        )
    with transaction.atomic():
        Participant.objects.bulk_create(rows, batch_size=2000)
    connection.cursor().execute(f"ANALYZE {Participant._meta.db_table}")
    invalidate_public_pages()
    return {"participants": Participant.objects.count(), "event": event.slug}


def private_links(count: int) -> dict:
    """Issue private links for `count` confirmed in-person participants, as their emails do.

    The confirmation email that carries a link also draws the check-in code and keeps it for
    the link's page, where people open it from.
    """
    people = Participant.objects.filter(status=Status.CONFIRMED, attendance_mode=Mode.IN_PERSON)
    tokens = []
    for participant in people[:count]:
        tokens.append(issue_private_link(participant))
        keep_checkin_qr_svg(participant, checkin_qr(participant))
    # The cookie each link sets on its first visit, which opens the page at /r/ from then on.
    name = cookie_name(settings.LANGUAGE_CODE)
    signer = get_cookie_signer(salt=name + SALT)  # as HttpResponse.set_signed_cookie signs
    cookies = [f"{name}={signer.sign(token)}" for token in tokens]
    return {"tokens": tokens, "cookies": cookies}


def admin_session() -> dict:
    """A superuser and a session past both factors for it: the cookie the admin pages need."""
    user = User.objects.filter(username=BENCH_USER).first()
    if user is None:
        user = User.objects.create_superuser(BENCH_USER, "bench@example.org", None)
    device, _created = TOTPDevice.objects.get_or_create(user=user, defaults={"name": "bench"})
    backends = settings.AUTHENTICATION_BACKENDS
    model_backend = "django.contrib.auth.backends.ModelBackend"
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = model_backend if model_backend in backends else backends[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store[SIGNED_IN_AT] = store[LAST_SEEN_AT] = time.time()
    store.create()
    return {"cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}"}


def check(tag: str) -> dict:
    """Seats against capacity, and how many registrations a POST run created."""
    event = bench_event()
    in_person = Participant.objects.filter(event=event).holding_seats()  # confirmed or held
    groups = {}
    for session in event.sessions.working_groups().exclude(capacity=None):
        taken = in_person.filter(working_group=session).count()
        groups[session.title] = {"taken": taken, "capacity": session.capacity}
    seats = in_person.count()
    overbooked = (event.capacity is not None and seats > event.capacity) or any(
        g["taken"] > g["capacity"] for g in groups.values()
    )
    return {
        "capacity": event.capacity,
        "seats_taken": seats,
        "working_groups": groups,
        "overbooked": overbooked,
        "registered": Participant.objects.filter(email__startswith=f"{tag}-").count(),
        "participants": Participant.objects.count(),
    }


def door_setup() -> dict:
    """Open the door for a trial and fill the room: 120 confirmed in person, as on the day.

    Returns what the organisers' measures ask for: the event, one participant, the references
    of the people in the room.
    """
    event = bench_event()
    Event.objects.filter(pk=event.pk).update(is_checkin_open=True)
    seated = Participant.objects.filter(
        event=event, status=Status.CONFIRMED, attendance_mode=Mode.IN_PERSON
    )
    missing = (event.capacity or 120) - seated.count()
    if missing > 0:
        online = Participant.objects.filter(
            event=event, status=Status.CONFIRMED, attendance_mode=Mode.ONLINE
        ).order_by("pk")[:missing]
        Participant.objects.filter(pk__in=list(online.values_list("pk", flat=True))).update(
            attendance_mode=Mode.IN_PERSON
        )
    references = list(seated.order_by("pk").values_list("reference", flat=True))
    some = Participant.objects.filter(event=event).order_by("pk")[42:43].get()
    return {"event": event.pk, "participant": some.pk, "references": references}


def _resident_mb() -> int:
    """This process's resident memory in MB, as Linux counts it."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) // 1024


def pdf_timings() -> dict:
    """Seconds to lay out the badges, the day's sign-in sheet and a certificate for each of
    the people in the room (120), as the admin and the private links do, and how many MB the
    process grew while making the certificates."""
    event = bench_event()
    people = list(
        Participant.objects.filter(
            event=event, status=Status.CONFIRMED, attendance_mode=Mode.IN_PERSON
        )
        .select_related("event")
        .order_by("family_name", "given_name")
    )
    out = {"people": len(people)}
    started = time.perf_counter()
    render_badges_pdf(people)
    out["badges_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    render_sign_in_sheet_pdf(event, 1)
    out["sign_in_sheet_s"] = round(time.perf_counter() - started, 2)
    before = _resident_mb()
    started = time.perf_counter()
    for n, person in enumerate(people):
        render_certificate_pdf(Certificate(participant=person, code=f"BENCH{n:05d}"), [1, 2])
    out["certificates_s"] = round(time.perf_counter() - started, 2)
    out["certificates_growth_mb"] = _resident_mb() - before
    return out


def edit_event(title: str) -> dict:
    """An organiser's edit of the event's title, saved as the admin saves it."""
    event = bench_event()
    event.title = title
    event.save()
    return {"title": title}


def emails_waiting() -> dict:
    """How many emails the worker has still to send."""
    waiting = OutgoingEmail.objects.filter(
        status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.RETRYING]
    )
    return {"waiting": waiting.count()}


def main(argv: list[str]) -> None:
    """Dispatch one command and print its result as JSON."""
    command, arg = argv[1], (argv[2] if len(argv) > 2 else "")
    actions = {
        "participants": lambda: reset_participants(int(arg)),
        "links": lambda: private_links(int(arg)),
        "admin-session": admin_session,
        "check": lambda: check(arg),
        "slug": lambda: {"slug": bench_event().slug},
        "emails-waiting": emails_waiting,
        "door-setup": door_setup,
        "pdfs": pdf_timings,
        "edit": lambda: edit_event(arg),
    }
    sys.stdout.write(json.dumps(actions[command]()) + "\n")


if __name__ == "__main__":
    main(sys.argv)
