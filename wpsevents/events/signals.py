"""Drop cached public pages whenever organisers change what they show."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wpsevents.resources.models import Resource

from .cache import invalidate_public_pages
from .models import Event, Session


@receiver([post_save, post_delete], sender=Event)
@receiver([post_save, post_delete], sender=Session)
@receiver([post_save, post_delete], sender=Resource)
def drop_cached_pages(**kwargs):
    """Content changed: the next visitor gets a freshly rendered page."""
    invalidate_public_pages()
