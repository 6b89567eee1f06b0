"""Organisers create delegations, see their quota used and left, and send the focal point's link."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wpsevents.admin_lookups import PlainLookupsMixin
from wpsevents.events.models import Event
from wpsevents.events.seat_changes import describe
from wpsevents.khmer import LocalNumber

from .. import rules
from ..models import Delegation, Participant


class NomineeInline(admin.TabularInline):
    """The delegation's nominees, each a link to their registration (changed there, by rules)."""

    model = Participant
    fk_name = "delegation"
    fields = ["reference", "full_name", "position", "gender", "attendance_mode", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("nominee")
    verbose_name_plural = _("nominees")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("name"))
    def full_name(self, participant):
        return participant.full_name


@admin.register(Delegation)
class DelegationAdmin(PlainLookupsMixin, admin.ModelAdmin):
    """Delegations of each event, with their quota used and left, counted in the list's query."""

    list_display = [
        "name",
        "event",
        "focal_point_name",
        "in_person_quota",
        "in_person_used",
        "in_person_left",
        "online_quota",
        "online_used",
        "nomination_deadline",
        "has_link",
    ]
    list_filter = ["event", "organisation_type"]
    search_fields = ["name", "name_km", "focal_point_name", "focal_point_email"]
    list_select_related = ["event"]
    readonly_fields = ["link_sent_at", "quota_released_at"]
    fieldsets = [
        (None, {"fields": ["event", "name", "name_km", "organisation_type", "country"]}),
        (_("Focal point"), {"fields": ["focal_point_name", "focal_point_email", "language"]}),
        (
            _("Quota"),
            {
                "fields": [
                    ("in_person_quota", "online_quota"),
                    "nomination_deadline",
                    "link_sent_at",
                    "quota_released_at",
                ]
            },
        ),
    ]
    inlines = [NomineeInline]
    actions = ["send_link", "revoke_link"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_quota_used()

    @admin.display(description=_("in-person used"), ordering="in_person_used")
    def in_person_used(self, delegation):
        return delegation.in_person_used

    @admin.display(description=_("in-person left"), ordering="in_person_left")
    def in_person_left(self, delegation):
        return delegation.in_person_left

    @admin.display(description=_("online used"), ordering="online_used")
    def online_used(self, delegation):
        return delegation.online_used

    @admin.display(description=_("link live"), boolean=True)
    def has_link(self, delegation):
        return delegation.has_link

    def save_model(self, request, obj, form, change):
        """Save, then let the seats the quota no longer keeps go to the waitlist."""
        with transaction.atomic():
            change_made = rules.save_delegation(delegation=obj)
        for level, text in describe(change_made):
            self.message_user(request, text, level)
        event = Event.objects.with_seats_taken().get(pk=obj.event_id)
        if event.capacity is not None and event.seats_taken > event.capacity:
            text = _(
                "The seats taken and those the delegations keep (%(taken)s) are more than the "
                "event's in-person seats (%(seats)s): nominees may find no seat left. Lower a "
                "quota or raise the seats."
            )
            values = {"taken": LocalNumber(event.seats_taken), "seats": LocalNumber(event.capacity)}
            self.message_user(request, text % values, messages.WARNING)

    @admin.action(description=_("Send the delegation link to the focal point"))
    def send_link(self, request, queryset):
        for delegation in queryset:
            rules.send_delegation_link(delegation=delegation)
        count = queryset.count()
        text = ngettext(
            "The delegation link is on its way to %(count)s focal point; a link sent before "
            "stops working.",
            "The delegation links are on their way to %(count)s focal points; links sent "
            "before stop working.",
            count,
        )
        self.message_user(request, text % {"count": LocalNumber(count)}, messages.SUCCESS)

    @admin.action(description=_("Revoke the focal point's delegation link"))
    def revoke_link(self, request, queryset):
        for delegation in queryset:
            rules.revoke_delegation_link(delegation=delegation)
        count = queryset.count()
        text = ngettext(
            "%(count)s delegation link no longer works.",
            "%(count)s delegation links no longer work.",
            count,
        )
        self.message_user(request, text % {"count": LocalNumber(count)}, messages.SUCCESS)
