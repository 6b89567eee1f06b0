"""The participant list's filters that Django's field filters do not give as organisers need."""

from django.contrib import admin
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from wpsevents.events.models import Session

from ..models import Participant
from .columns import country_names

Days = Participant.Days


def _countries_in_use() -> list[str]:
    return list(Participant.objects.order_by().values_list("country", flat=True).distinct())


class CountryFilter(admin.SimpleListFilter):
    """Only the countries participants come from, by name.

    Finding them reads every registration; the list is kept in the cache under the number of
    the latest change to any registration, so it is read again only after a change, and the
    list page stays as fast with 50,000 registrations as with 500.
    """

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        latest = Participant.history.aggregate(latest=Max("history_id"))["latest"] or 0
        codes = cache.get_or_set(f"admin:participant-countries:{latest}", _countries_in_use, 3600)
        names = country_names()
        return sorted(((code, names.get(code) or code) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


class HeldNetworkFilter(admin.SimpleListFilter):
    """The networks that registrations are held from, with how many: a burst shows at once.

    Only held registrations keep their network, so the list reads a handful of rows.
    """

    title = _("held from network")
    parameter_name = "held_from"

    def lookups(self, request, model_admin):
        held = (
            Participant.objects.filter(status=Participant.Status.HELD)
            .exclude(hold_network="")
            .values("hold_network")
            .annotate(count=Count("pk"))
            .order_by("-count", "hold_network")
        )
        return [(row["hold_network"], f"{row['hold_network']} ({row['count']})") for row in held]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(status=Participant.Status.HELD, hold_network=self.value())
        return queryset


class DayFilter(admin.SimpleListFilter):
    """Who registered to attend a given day (both days count for each)."""

    title = _("day attending")
    parameter_name = "day"

    def lookups(self, request, model_admin):
        return [("1", _("Day 1")), ("2", _("Day 2"))]

    def queryset(self, request, queryset):
        if self.value() in ("1", "2"):
            return queryset.attending_day(int(self.value()))
        return queryset


class WorkingGroupFilter(admin.SimpleListFilter):
    """Who chose a working group, or none: only working groups, those of the event filtered on.

    Without an event chosen, each group is named with its event when there is more than one.
    """

    title = _("working group")
    parameter_name = "working_group"
    NONE = "none"

    def lookups(self, request, model_admin):
        groups = (
            Session.objects.working_groups()
            .select_related("event")
            # the names alone (in every language, for the fallback), not the programme's text
            .only("title", "event_id", "event__title")
            .order_by("event__starts_at", "starts_at", "order", "pk")
        )
        event = request.GET.get("event__id__exact", "")
        if event.isdigit():
            groups = groups.filter(event_id=event)
        groups = list(groups)
        several_events = len({group.event_id for group in groups}) > 1
        choices = [
            (str(group.pk), f"{group.title} ({group.event})" if several_events else group.title)
            for group in groups
        ]
        # No working group anywhere: no filter (Django hides one without choices).
        return [*choices, (self.NONE, _("No working group"))] if choices else []

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.NONE:
            return queryset.filter(working_group__isnull=True)
        if value and value.isdigit():
            return queryset.filter(working_group_id=value)
        return queryset


class _CheckedInFilter(admin.SimpleListFilter):
    """Whether people were checked in on one day (uses the admin's per-day annotation)."""

    day = 1

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{f"is_in_day_{self.day}": self.value() == "yes"})
        return queryset


class CheckedInDay1Filter(_CheckedInFilter):
    """Checked in on day 1: yes or no."""

    title = _("checked in on day 1")
    parameter_name = "in_day_1"
    day = 1


class CheckedInDay2Filter(_CheckedInFilter):
    """Checked in on day 2: yes or no."""

    title = _("checked in on day 2")
    parameter_name = "in_day_2"
    day = 2
