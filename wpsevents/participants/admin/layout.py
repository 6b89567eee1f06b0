"""How the participant form is laid out in the admin, for adding and for changing."""

from django.utils.translation import gettext_lazy as _

READONLY_FIELDS = [
    "reference",
    "status",
    "source",
    "created_at",
    "updated_at",
    "status_changed_at",
    "confirmed_at",
    "waitlisted_at",
    "cancelled_at",
    "hold_expires_at",
    "hold_network",
    "email_confirmed_at",
]
PERSON = (
    _("Person"),
    {
        "fields": [
            "salutation",
            ("given_name", "family_name"),
            "name_khmer",
            "email",
            "phone",
            "gender",
            "language",
        ]
    },
)
ORGANISATION = (
    _("Organisation"),
    {"fields": ["organisation", "position", "organisation_type", "country"]},
)
PARTICIPATION = (
    _("Participation"),
    {
        "fields": [
            "days",
            "attendance_mode",
            "working_group",
            "needs_interpretation",
            "dietary_requirements",
            "accessibility_needs",
        ]
    },
)
CONSENT = (_("Consent"), {"fields": ["consents_to_data_processing", "consents_to_photography"]})
FIELDSETS = [
    (
        None,
        {
            "fields": ["event", "reference", "status", "source"],
            "description": _(
                "The status changes only through the actions of the participant list, "
                "so that seats, the waitlist and emails follow the rules."
            ),
        },
    ),
    PERSON,
    ORGANISATION,
    PARTICIPATION,
    CONSENT,
    (_("Invitation letter"), {"fields": ["invitation_letter"]}),
    (_("Emails"), {"fields": ["email_history"]}),
    (_("Check-ins"), {"fields": ["checkin_history"]}),
    (
        _("Dates"),
        {
            "fields": [
                "created_at",
                "updated_at",
                "status_changed_at",
                "confirmed_at",
                "waitlisted_at",
                "cancelled_at",
                "hold_expires_at",
                "hold_network",
                "email_confirmed_at",
            ]
        },
    ),
]
ADD_FIELDSETS = [
    (
        None,
        {
            "fields": ["event", "send_invitation"],
            "description": _(
                "The person gets a seat if one is free, otherwise a place on the waitlist."
            ),
        },
    ),
    PERSON,
    ORGANISATION,
    PARTICIPATION,
    CONSENT,
]
