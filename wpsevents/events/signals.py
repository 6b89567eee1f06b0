"""Keep what depends on an event's content in step with it: cached pages and the calendar revision.

The calendar revision (`Event.calendar_sequence`) is bookkeeping, like `updated_at`: it is
counted here, where every save passes (the admin and its inlines, `load_workshop`, an import),
rather than in each place that may move a session.
"""

from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from modeltranslation.utils import get_translation_fields

from wpsevents.resources.models import Resource

from .cache import invalidate_public_pages
from .models import Event, Session

# What a calendar entry's time and place come from.
EVENT_SCHEDULE = (
    "starts_at",
    "ends_at",
    *get_translation_fields("venue_name"),
    *get_translation_fields("venue_address"),
)
SESSION_SCHEDULE = ("event_id", "starts_at", "ends_at", *get_translation_fields("room"))


@receiver([post_save, post_delete], sender=Event)
@receiver([post_save, post_delete], sender=Session)
@receiver([post_save, post_delete], sender=Resource)
def drop_cached_pages(**kwargs):
    """Content changed: the next visitor gets a freshly rendered page."""
    invalidate_public_pages()


@receiver(pre_save, sender=Event)
def count_event_move(sender, instance: Event, raw=False, update_fields=None, **kwargs):
    """Raise the calendar revision when the event moves in time or place.

    Counted from the stored revision, not the one this instance read: sessions moved since
    it was read have raised the stored one, and a revision must never go back.
    """
    if raw or instance._state.adding:
        return
    stored = Event.objects.filter(pk=instance.pk).values("calendar_sequence", *EVENT_SCHEDULE)
    stored = stored.first()
    if stored is None:
        return
    moved = any(stored[name] != getattr(instance, name) for name in EVENT_SCHEDULE)
    instance.calendar_sequence = stored["calendar_sequence"] + moved
    if moved and update_fields is not None and "calendar_sequence" not in update_fields:
        _raise_revision(instance.pk)


@receiver(pre_save, sender=Session)
def count_session_move(sender, instance: Session, raw=False, **kwargs):
    """Raise the event's calendar revision when a session is added or moves in time or place.

    The event's, not the session's own: the days' entries span their sessions, so they change
    with them.
    """
    if raw:
        return
    stored = None
    if not instance._state.adding:
        stored = Session.objects.filter(pk=instance.pk).values(*SESSION_SCHEDULE).first()
    if stored is None or any(stored[name] != getattr(instance, name) for name in SESSION_SCHEDULE):
        _raise_revision(instance.event_id)
        if stored is not None and stored["event_id"] != instance.event_id:
            _raise_revision(stored["event_id"])


@receiver(post_delete, sender=Session)
def count_session_removal(sender, instance: Session, **kwargs):
    """Raise the event's calendar revision when one of its sessions is deleted."""
    _raise_revision(instance.event_id)


def _raise_revision(event_pk: int) -> None:
    Event.objects.filter(pk=event_pk).update(calendar_sequence=F("calendar_sequence") + 1)
