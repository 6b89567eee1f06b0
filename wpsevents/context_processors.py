"""Values every template may use."""

from django.conf import settings


def site(request):
    """Expose the public site address and the privacy contact to every template."""
    return {"SITE_URL": settings.SITE_URL, "PRIVACY_CONTACT": settings.PRIVACY_CONTACT_EMAIL}
