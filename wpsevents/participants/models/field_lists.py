"""Which of a registration's fields each form, import and export takes: one list, read by all."""

# What a registrant gives, in the registration form's order: the one list of a registration's
# fields, from which the change form, the organisers' form, import and export take theirs.
REGISTRATION_FIELDS = (
    "salutation",
    "given_name",
    "family_name",
    "name_khmer",
    "email",
    "phone",
    "organisation",
    "position",
    "organisation_type",
    "country",
    "gender",
    "days",
    "attendance_mode",
    "working_group",
    "needs_interpretation",
    "dietary_requirements",
    "accessibility_needs",
    "language",
    "consents_to_data_processing",
    "consents_to_photography",
)
# What only organisers change once a registration is made: who the person is, for the report.
ORGANISER_ONLY_FIELDS = ("email", "organisation_type", "country", "gender")
# What a registrant may change through their private link.
EDITABLE_FIELDS = tuple(
    name
    for name in REGISTRATION_FIELDS
    if name not in (*ORGANISER_ONLY_FIELDS, "consents_to_data_processing")
)
# What organisers may change in the admin and through an import.
ORGANISER_FIELDS = REGISTRATION_FIELDS
# The columns of an import: consent is the registrant's own to give, on the form.
IMPORT_FIELDS = tuple(name for name in REGISTRATION_FIELDS if name != "consents_to_data_processing")
