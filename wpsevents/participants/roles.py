"""The two staff roles, as groups: what organisers and check-in staff may do in the admin."""

from functools import reduce
from operator import or_

from django.contrib.auth.management import create_permissions
from django.db.models import Q

ORGANISERS = "Organisers"
CHECKIN_STAFF = "Check-in staff"
ORGANISER_APPS = ("participants", "events", "resources")
CHECKIN_PERMISSIONS = (("participants", "add_checkin"), ("participants", "view_participant"))
# Organisers reset a colleague's lost second factor: the colleague then sets up a new one.
ORGANISER_PERMISSIONS = (("accounts", "view_secondfactor"), ("accounts", "delete_secondfactor"))


def set_up_roles(apps, schema_editor=None) -> None:
    """Create or refresh both groups; migrations call it with their historical `apps`."""
    _create_missing_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    organisers, _created = Group.objects.get_or_create(name=ORGANISERS)
    organisers.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=ORGANISER_APPS).exclude(
            # the history is a record: it is read, never written by hand
            content_type__model="historicalparticipant",
            codename__regex=r"^(add|change|delete)_",
        ),
        # absent from the migrations' states before the accounts app came
        *Permission.objects.filter(_any_of(ORGANISER_PERMISSIONS)),
    )
    checkin_staff, _created = Group.objects.get_or_create(name=CHECKIN_STAFF)
    wanted = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in CHECKIN_PERMISSIONS
    ]
    checkin_staff.permissions.set(wanted)


def _any_of(permissions) -> Q:
    """A filter matching each (app label, codename) pair of `permissions`."""
    return reduce(
        or_,
        (Q(content_type__app_label=app, codename=codename) for app, codename in permissions),
    )


def _create_missing_permissions(apps) -> None:
    """Permissions are normally made after migrating; a fresh database needs them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
