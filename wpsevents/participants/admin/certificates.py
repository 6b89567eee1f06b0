"""The certificates of attendance issued, for organisers to look up and check; never edited."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wpsevents.admin_lookups import PlainLookupsMixin

from ..models import Certificate


@admin.register(Certificate)
class CertificateAdmin(PlainLookupsMixin, admin.ModelAdmin):
    """Who has a certificate, since when, and its verification page."""

    list_display = ["participant", "event", "issued_at", "verification_page"]
    list_filter = ["participant__event"]
    list_select_related = ["participant__event"]
    search_fields = ["participant__reference", "participant__family_name"]
    fields = ["participant", "issued_at", "verification_page"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("event"), ordering="participant__event")
    def event(self, certificate):
        return certificate.participant.event

    @admin.display(description=_("verification page"))
    def verification_page(self, certificate):
        return format_html('<a href="{}">{}</a>', certificate.get_absolute_url(), _("Verify"))
