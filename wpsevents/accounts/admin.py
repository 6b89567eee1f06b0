"""Second factors in the admin: organisers see their colleagues' and reset a lost one."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SecondFactor

# django-otp's own page shows and edits keys; this one only lists devices and deletes them.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(SecondFactor)
class SecondFactorAdmin(admin.ModelAdmin):
    """A list to reset from: deleting a second factor makes its owner set up a new one.

    Nobody adds or edits one here: only its owner does, on the page after their password. An
    organiser never sees a superuser's, so cannot make one set up again.
    """

    list_display = ("owner", "is_set_up", "set_up_on", "last_used")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "user__email", "user__first_name", "user__last_name")
    fields = ("owner", "is_set_up", "set_up_on", "last_used")
    readonly_fields = fields
    ordering = ("user__username",)

    def get_queryset(self, request):
        """Everyone's for superusers; for organisers, everyone's but the superusers'."""
        devices = super().get_queryset(request).select_related("user")
        if request.user.is_superuser:
            return devices
        return devices.filter(user__is_superuser=False)

    def has_add_permission(self, request):
        """Only their owner sets one up."""
        return False

    def has_change_permission(self, request, obj=None):
        """Nothing of one is edited by hand."""
        return False

    @admin.display(description=_("member of staff"), ordering="user__username")
    def owner(self, device):
        """Whose app it is."""
        return device.user

    @admin.display(description=_("set up"), boolean=True, ordering="confirmed")
    def is_set_up(self, device):
        """Confirmed with a code; otherwise shown on the set-up page but never confirmed."""
        return device.confirmed

    @admin.display(description=_("created"), ordering="created_at")
    def set_up_on(self, device):
        """When its key was made."""
        return device.created_at

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, device):
        """When a code from it last signed someone in."""
        return device.last_used_at
