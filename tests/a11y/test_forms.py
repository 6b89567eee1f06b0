"""Forms a screen reader can follow: labelled fields, errors tied to them, no trap for people."""

import pytest

from tests.a11y.dom import Page, attr, closest, text
from tests.factories import ParticipantFactory
from tests.participants.helpers import form_post
from wpsevents.participants.tokens import issue_private_link

CONTROLS = "input:not([type=hidden]):not([type=submit]), select, textarea"


def register(client, workshop, prefix="", **data) -> Page:
    """The registration page after sending the form with these values."""
    url = f"{prefix}/events/{workshop.slug}/register/"
    return Page(client.post(url, form_post(**data)).content.decode())


def described_by(page: Page, element) -> str:
    """The text of every element that aria-describedby names, in order."""
    ids = (attr(element, "aria-describedby") or "").split()
    found = [page.by_id(element_id) for element_id in ids]
    assert None not in found, f"aria-describedby names a missing element: {ids}"
    return " ".join(text(element) for element in found)


def assert_errors_are_tied_to_fields(page: Page, errors: dict[str, str]) -> None:
    """Each invalid field is marked invalid and described by its error message."""
    for name, message in errors.items():
        controls = page.all(f"[name={name}]")
        assert controls, name
        for control in controls:
            assert attr(control, "aria-invalid") == "true", name
        group = controls[0] if len(controls) == 1 else closest(controls[0], "fieldset")
        assert message in described_by(page, group), name


@pytest.mark.parametrize("prefix", ["", "/km"])
def test_register_failed_submit_ties_each_error_to_its_field(client, workshop, prefix):
    page = register(client, workshop, prefix, given_name="", email="not an address", gender="")
    invalid = {attr(control, "name") for control in page.all("[aria-invalid=true]")}
    assert invalid == {"given_name", "email", "gender"}
    errors = {
        name: text(page.one(f"#id_{name}_error")) for name in ("given_name", "email", "gender")
    }
    assert all(errors.values())
    assert_errors_are_tied_to_fields(page, errors)


def test_register_failed_submit_keeps_help_text_in_the_description(client, workshop):
    page = register(client, workshop, email="not an address")
    description = described_by(page, page.one("#id_email"))
    assert "Enter a valid email address." in description
    assert "We send your confirmation and private link here." in description


def test_register_error_summary_links_to_each_field(client, workshop):
    page = register(client, workshop, given_name="", gender="", days="")
    summary = page.one("[data-error-summary]")
    assert attr(summary, "role") == "alert"
    assert attr(summary, "tabindex") == "-1"
    targets = [attr(link, "href") for link in summary.query_all("a")]
    assert targets == ["#id_given_name", "#id_gender_0", "#id_days_0"]
    for target in targets:
        assert page.by_id(target[1:]).local_name == "input"


def test_register_form_labels_every_field(client, workshop):
    page = Page(client.get(f"/events/{workshop.slug}/register/").content.decode())
    for control in page.all(CONTROLS):
        labels = page.all(f"label[for={attr(control, 'id')}]")
        assert len(labels) == 1 and text(labels[0]), attr(control, "name")


def test_register_form_groups_each_set_of_choices_under_a_question(client, workshop):
    page = Page(client.get(f"/events/{workshop.slug}/register/").content.decode())
    for name, question in [
        ("gender", "Gender"),
        ("days", "Days attending"),
        ("attendance_mode", "Attendance"),
    ]:
        radios = page.all(f"input[type=radio][name={name}]")
        fieldsets = {id(closest(radio, "fieldset").etree_element) for radio in radios}
        assert len(fieldsets) == 1
        legend = closest(radios[0], "fieldset").query("legend")
        assert text(legend).startswith(question)


def test_register_form_offers_no_empty_choice_among_the_radio_buttons(client, workshop):
    page = Page(client.get(f"/events/{workshop.slug}/register/").content.decode())
    radios = page.all("input[type=radio]")
    assert radios
    assert all(attr(radio, "value") for radio in radios)
    assert not page.all("input[name=gender][checked]")


def test_register_form_tells_screen_readers_which_fields_are_required(client, workshop):
    page = Page(client.get(f"/events/{workshop.slug}/register/").content.decode())
    required = {attr(control, "name") for control in page.all("[required]")}
    assert {
        "given_name",
        "email",
        "organisation",
        "organisation_type",
        "country",
        "gender",
        "days",
        "attendance_mode",
        "consents_to_data_processing",
    } <= required
    assert not {"family_name", "phone", "name_khmer", "leave_empty"} & required


def test_register_form_tells_browsers_what_each_personal_field_holds(client, workshop):
    page = Page(client.get(f"/events/{workshop.slug}/register/").content.decode())
    autocomplete = {
        attr(control, "name"): attr(control, "autocomplete")
        for control in page.all("[autocomplete]")
    }
    assert autocomplete == {
        "salutation": "honorific-prefix",
        "given_name": "given-name",
        "family_name": "family-name",
        "email": "email",
        "phone": "tel",
        "organisation": "organization",
        "position": "organization-title",
        "country": "country",
        "leave_empty": "off",
    }


def test_register_honeypot_is_hidden_from_people_and_assistive_technology(client, workshop):
    page = Page(client.get(f"/events/{workshop.slug}/register/").content.decode())
    honeypot = page.one("input[name=leave_empty]")
    assert attr(honeypot, "tabindex") == "-1"
    assert attr(honeypot, "autocomplete") == "off"
    container = page.one(".hp-field")
    assert attr(container, "aria-hidden") == "true"
    assert honeypot in list(container.iter_subtree())


def test_private_link_form_ties_errors_to_fields(client, workshop):
    token = issue_private_link(ParticipantFactory(event=workshop))
    data = {"given_name": "", "days": "both", "attendance_mode": "in_person", "language": "en"}
    client.get(f"/r/{token}/")
    page = Page(client.post("/r/change/", data).content.decode())
    assert page.one("[data-error-summary]")
    assert_errors_are_tied_to_fields(page, {"given_name": "This field is required."})


def test_resend_link_form_ties_errors_to_fields(client, workshop):
    url = f"/events/{workshop.slug}/my-link/"
    page = Page(client.post(url, {"email": "not an address"}).content.decode())
    assert_errors_are_tied_to_fields(page, {"email": "Enter a valid email address."})
    assert attr(page.one("#id_email"), "autocomplete") == "email"
