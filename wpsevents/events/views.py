"""The event's public pages: overview, programme, resources and calendar file."""

from django.core.cache import cache
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from wpsevents.resources.models import Resource
from wpsevents.shared_cache import shareable

from .cache import cache_public_page
from .calendar import calendar_for
from .card import event_card_png
from .models import Event, RegistrationState
from .structured_data import card_url, event_json_ld

CARD_KEPT_SECONDS = 7 * 24 * 3600


def _published_event(slug: str) -> Event:
    return get_object_or_404(Event.objects.published().with_seats_taken(), slug=slug)


@require_safe
def home(request):
    """The site's front door: the featured event."""
    event = Event.objects.published().filter(is_featured=True).only("slug").first()
    if event is None:
        event = Event.objects.published().only("slug").first()
    if event is None:
        raise Http404("No event is published yet.")
    return redirect(event)


@require_safe
@shareable
@cache_public_page
def event_detail(request, slug):
    """Everything a visitor needs to decide to come, and the way to register."""
    event = _published_event(slug)
    state = event.registration_state(event.seats_taken)
    key_resources = event.resources.published().filter(is_key=True).ordered_by_kind()
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "state": state,
            "states": RegistrationState,
            "key_resources": key_resources,
            "json_ld": event_json_ld(event, state),
            "card_url": card_url(event),
        },
    )


@require_safe
@cache_control(public=True, max_age=3600)
def event_card(request, slug):
    """The picture shown where the event's page is shared: titles and dates in both languages."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    # Drawing takes a few hundred milliseconds: keep each version of the card until it changes.
    key = f"event-card:{event.pk}:{event.updated_at.timestamp()}"
    card = cache.get(key)
    if card is None:
        card = event_card_png(event)
        cache.set(key, card, timeout=CARD_KEPT_SECONDS)
    return HttpResponse(card, content_type="image/png")


@require_safe
@shareable
@cache_public_page
def programme(request, slug):
    """The sessions of the event, day by day."""
    event = _published_event(slug)
    sessions = event.sessions.prefetch_related(
        Prefetch("resources", queryset=Resource.objects.published(), to_attr="published_resources")
    )
    return render(request, "events/programme.html", {"event": event, "sessions": sessions})


@require_safe
@shareable
@cache_public_page
def resources(request, slug):
    """The event's published documents, links and recordings, grouped by kind."""
    event = _published_event(slug)
    items = event.resources.published().select_related("session").ordered_by_kind()
    return render(request, "events/resources.html", {"event": event, "resources": items})


@require_safe
@shareable
def calendar_file(request, slug):
    """The event and its sessions as an .ics file for any calendar application."""
    event = _published_event(slug)
    response = HttpResponse(calendar_for(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
