"""The door as an installable app that keeps working when the venue's Wi-Fi fails.

`/checkin/app/` is the page staff add to their phone's home screen; its service worker
(`/checkin/sw.js`, scope `/checkin/`) keeps the page and its scripts on the phone. The page
downloads today's list of an event open at the door (`people`), keeps it in the phone's storage
and checks people in from it, by QR code or by search, queueing the check-ins while offline;
`sync.py` takes them when the phone is back online. The list holds, for each confirmed person,
the name, the reference, the organisation, the days, whether they may be photographed and their
working group (with its room, to direct them), and nothing more; it expires at the end of the
day and is wiped when staff sign out.
"""

import hashlib
import json
import os
from datetime import datetime, time, timedelta
from functools import wraps

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import OuterRef, Subquery
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_permissions_policy.decorators import permissions_policy_override

from wpsevents.events.models import LOCAL_TZ, Event, Session
from wpsevents.events.templatetags.site_tags import fallback_language

from ..models import CheckIn, Participant
from .texts import app_texts
from .views import CHECKIN_PERMISSION, chosen_event, staff_only, today_number

# The page's own scripts and styles, kept on the phone by the service worker.
APP_FILES = (
    "vendor/bootstrap/bootstrap.min.css",
    "css/site.css",
    "css/checkin.css",
    "js/site.js",
    "js/door-camera.js",
    "js/door.js",
    "vendor/jsqr/jsQR.js",
    "fonts/noto-sans-khmer-khmer-400-normal.woff2",
    "fonts/noto-sans-khmer-khmer-700-normal.woff2",
    "fonts/noto-sans-khmer-label.woff2",
    "img/favicon.svg",
    "img/door-192.png",
    "img/door-512.png",
)


def in_phone_language(view):
    """Answer in the phone's language (its language cookie, else what the browser asks for).

    The door's addresses carry no /km/ prefix, so the site's own choice would be English.
    """

    @wraps(view)
    def localised(request, *args, **kwargs):
        with translation.override(translation.get_language_from_request(request)):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response

    return localised


def staff_json(view):
    """Never cached, and only for staff allowed to check people in; others get a JSON 403.

    A script asks these addresses: it is told to sign in again rather than sent a login page.
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.has_perm(CHECKIN_PERMISSION):
            refusal = _("Your session has ended or may not check people in. Sign in again.")
            return JsonResponse({"error": refusal}, status=403)
        return view(request, *args, **kwargs)

    return never_cache(guarded)


@require_safe
@permissions_policy_override({"camera": ["self"]})
@staff_only
@in_phone_language
def app(request):
    """The door app's page: search, scan, walk-ins, and what waits to be sent."""
    context = {
        "texts": app_texts(),
        "urls": {
            "people": reverse("checkin:people"),
            "sync": reverse("checkin:sync"),
            "scanner": static("vendor/jsqr/jsQR.js"),
            "worker": reverse("checkin:service_worker"),
            "scope": reverse("checkin:search"),
        },
        "user_name": request.user.get_username(),
        "time_zone": LOCAL_TZ.key,
        "genders": Participant.Gender.choices,
    }
    return render(request, "participants/door/app.html", context)


@require_safe
@in_phone_language
def manifest(request):
    """The web manifest that makes the door app installable on a phone's home screen."""
    data = {
        "name": _("WPS Events check-in"),
        "short_name": _("Check-in"),
        "start_url": reverse("checkin:app"),
        "scope": reverse("checkin:search"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0d47a1",
        "icons": [
            {"src": static("img/door-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/door-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


def files_version(urls: list[str]) -> str:
    """A name for this set of the app's files, new whenever one of them changes.

    The service worker's text then changes too, so phones fetch the files again. Deployed
    static addresses carry their content's hash; in development, the files' times stand in.
    """
    stamps = [str(os.stat(found).st_mtime_ns) for found in map(finders.find, APP_FILES) if found]
    return hashlib.sha256("\n".join(urls + stamps).encode()).hexdigest()[:16]


@require_safe
def service_worker(request):
    """The service worker, served under /checkin/ so that its scope is the door."""
    files = [static(name) for name in APP_FILES]
    context = {
        "version": files_version(files),
        "app_url_json": json.dumps(reverse("checkin:app")),
        "files_json": json.dumps(files),
    }
    response = render(request, "participants/door/sw.js", context, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
@in_phone_language
@staff_json
def people(request):
    """Today's list of the chosen event open at the door, for the phone to keep."""
    events = list(Event.objects.open_at_the_door().order_by("-is_featured", "starts_at", "pk"))
    event = chosen_event(events, request.GET.get("event", ""))
    if event is None:
        return JsonResponse({"error": _("No event is open for check-in today.")}, status=404)
    day = today_number(event)
    now = timezone.localtime(timezone.now(), LOCAL_TZ)
    ends = datetime.combine(now.date() + timedelta(days=1), time.min, LOCAL_TZ)
    return JsonResponse(
        {
            "event": {"slug": event.slug, "title": event.title, "day": day},
            "events": [{"slug": e.slug, "title": e.title} for e in events],
            "expires_at": ends.isoformat(),
            "user": request.user.get_username(),
            "csrf_token": get_token(request),
            "people": [_person(person) for person in _today_list(event, day)],
        }
    )


def _today_list(event: Event, day: int):
    """The event's confirmed people, each with when they were checked in for `day`, if so."""
    checked_in = CheckIn.objects.live().filter(day=day, participant=OuterRef("pk"))
    return (
        Participant.objects.filter(event=event, status=Participant.Status.CONFIRMED)
        .annotate(checked_in_at=Subquery(checked_in.values("checked_in_at")[:1]))
        .select_related("working_group")
        .order_by("family_name", "given_name", "pk")
        .only(*PERSON_FIELDS, *GROUP_FIELDS)
    )


PERSON_FIELDS = (
    "reference",
    "given_name",
    "family_name",
    "name_khmer",
    "organisation",
    "days",
    "consents_to_photography",
)
# A group's title and room in every language, for the one the phone reads, else English.
GROUP_FIELDS = [
    f"working_group__{field}_{language}"
    for field in ("title", "room")
    for language, _name in settings.LANGUAGES
]


def _person(person: Participant) -> dict:
    """What the phone keeps of one person: what staff need to recognise and check them in."""
    return {
        "reference": person.reference,
        "name": person.full_name,
        "name_khmer": person.name_khmer,
        "organisation": person.organisation,
        "days": person.days,
        "photos": person.consents_to_photography,
        "group": _group(person.working_group),
        "checked_in_at": person.checked_in_at.isoformat() if person.checked_in_at else None,
    }


def _group(group: Session | None) -> dict | None:
    """A working group as the phone shows it, in the active language (English where the
    Khmer is missing, marked so that a screen reader reads it as English)."""
    if group is None:
        return None
    return {
        "title": group.title,
        "title_lang": fallback_language(group, "title"),
        "room": group.room,
        "room_lang": fallback_language(group, "room"),
    }
