"""axe-core finds no WCAG 2.1 A or AA violation on any public page, in English or Khmer."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.conftest import PHONE
from tests.factories import ParticipantFactory
from wpsevents.events.models import Event
from wpsevents.participants import rules
from wpsevents.participants.models import Participant
from wpsevents.participants.tokens import issue_private_link

pytestmark = pytest.mark.e2e

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10, reflow: 320 CSS pixels wide
LANGUAGES = ["en", "km"]


@pytest.fixture
def workshop(transactional_db, settings):
    """The demo workshop, as `load_workshop` makes it, with registration open."""
    settings.RATELIMIT_ENABLE = False
    call_command("load_workshop", stdout=io.StringIO())
    return Event.objects.get()


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def axe_page(request, browser, browser_context_args):
    """A page that may run axe: its script is injected inline, which the site's CSP refuses."""
    if not AXE_SCRIPT.exists():
        pytest.fail("axe-core is missing: run `npm ci` (the Makefile's test target does).")
    args = {**browser_context_args, "viewport": request.param, "bypass_csp": True}
    if request.param is DESKTOP:
        args.update(is_mobile=False, has_touch=False)
    context = browser.new_context(**args)
    yield context.new_page()
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now, with the WCAG 2.0 and 2.1 A and AA rules."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return result["violations"]


def readable(violations: list[dict]) -> str:
    """The violations as a report a person can act on."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            lines.append("    " + node["failureSummary"].replace("\n", "\n    "))
    return "\n".join(lines)


def assert_accessible(page):
    """Fail with a readable list when axe finds any violation."""
    violations = axe_violations(page)
    assert not violations, f"axe-core on {page.url}:\n{readable(violations)}"


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two CSS colours written as rgb(r, g, b)."""

    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def prefix(language: str) -> str:
    return "/km" if language == "km" else ""


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("view", ["", "programme/", "resources/", "register/"])
def test_public_page_has_no_axe_violations(live_server, axe_page, workshop, language, view):
    axe_page.goto(f"{live_server.url}{prefix(language)}/events/{workshop.slug}/{view}")
    assert_accessible(axe_page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    ["/privacy/", "/events/{slug}/my-link/", "/events/{slug}/my-link/?sent=1", "/no-such-page/"],
)
def test_other_public_page_has_no_axe_violations(live_server, axe_page, workshop, language, path):
    axe_page.goto(f"{live_server.url}{prefix(language)}{path.format(slug=workshop.slug)}")
    assert_accessible(axe_page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_refused_form_page_has_no_axe_violations(live_server, axe_page, workshop, language):
    """The page a browser that blocks cookies gets after sending a form."""
    axe_page.goto(f"{live_server.url}{prefix(language)}/events/{workshop.slug}/my-link/")
    axe_page.context.clear_cookies()
    axe_page.fill("input[name=email]", "sokha@example.org")
    with axe_page.expect_navigation() as refusal:
        axe_page.locator("main form [type=submit]").click()
    assert refusal.value.status == 403
    assert_accessible(axe_page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_private_link_of_a_cancelled_registration_has_no_axe_violations(
    live_server, axe_page, workshop, language
):
    cancelled = ParticipantFactory(event=workshop, status=Participant.Status.CANCELLED)
    axe_page.goto(f"{live_server.url}{prefix(language)}/r/{issue_private_link(cancelled)}/")
    assert_accessible(axe_page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("view", ["", "register/"])
def test_held_event_page_has_no_axe_violations(live_server, axe_page, workshop, language, view):
    call_command("load_workshop", as_held=True, stdout=io.StringIO())
    axe_page.goto(f"{live_server.url}{prefix(language)}/events/{workshop.slug}/{view}")
    assert_accessible(axe_page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_cancel_page_has_no_axe_violations(live_server, axe_page, workshop, language):
    token = issue_private_link(ParticipantFactory(event=workshop))
    axe_page.goto(f"{live_server.url}{prefix(language)}/r/{token}/cancel/")
    assert_accessible(axe_page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_registration_form_after_failed_submit_has_no_axe_violations(
    live_server, axe_page, workshop, language
):
    axe_page.goto(f"{live_server.url}{prefix(language)}/events/{workshop.slug}/register/")
    axe_page.fill("#id_email", "not an address")
    axe_page.locator("form.registration-form [type=submit]").click()
    summary = axe_page.locator("[data-error-summary]")
    summary.wait_for()
    assert summary.evaluate("element => element === document.activeElement")
    assert_accessible(axe_page)


def fill_registration(page) -> None:
    """Fill the registration form as a person would, by the fields' ids."""
    for field, value in {
        "given_name": "Sokha",
        "family_name": "Chan",
        "email": "sokha@example.org",
        "organisation": "Ministry of Women's Affairs",
    }.items():
        page.fill(f"#id_{field}", value)
    page.select_option("#id_organisation_type", "government")
    page.select_option("#id_country", "KH")
    for name, value in {"gender": "woman", "days": "both", "attendance_mode": "in_person"}.items():
        page.check(f"input[name={name}][value={value}]")
    page.check("#id_consents_to_data_processing")


@pytest.mark.parametrize("language", LANGUAGES)
def test_registration_confirmation_has_no_axe_violations(live_server, axe_page, workshop, language):
    axe_page.goto(f"{live_server.url}{prefix(language)}/events/{workshop.slug}/register/")
    fill_registration(axe_page)
    axe_page.locator("form.registration-form [type=submit]").click()
    axe_page.wait_for_url("**/register/done/")
    assert_accessible(axe_page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("view", ["", "change/"])
def test_private_link_pages_have_no_axe_violations(live_server, axe_page, workshop, language, view):
    participant = ParticipantFactory(event=workshop, name_khmer="ចាន់ សុខា")
    token = issue_private_link(participant)
    axe_page.goto(f"{live_server.url}{prefix(language)}/r/{token}/{view}")
    assert_accessible(axe_page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_letter_refusal_and_verification_have_no_axe_violations(
    live_server, axe_page, workshop, language
):
    waiting = ParticipantFactory(event=workshop, status=Participant.Status.WAITLISTED)
    refused = axe_page.goto(
        f"{live_server.url}{prefix(language)}/r/{issue_private_link(waiting)}/letter.pdf"
    )
    assert refused.status == 403
    assert_accessible(axe_page)
    confirmed = ParticipantFactory(event=workshop, name_khmer="ចាន់ សុខា")
    letter = rules.issue_letter(participant=confirmed)
    axe_page.goto(f"{live_server.url}{prefix(language)}/verify/{letter.code}/")
    assert_accessible(axe_page)


FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    tag: element.tagName.toLowerCase(), id: element.id, name: element.name || "",
    type: element.type || "", outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
    visible: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0,
  };
}"""
KEYS = {
    "given_name": "Sokha",
    "family_name": "Chan",
    "email": "sokha@example.org",
    "organisation": "Ministry of Women's Affairs",
    "organisation_type": "ArrowDown",
    "country": "Cam",
    "gender": "Space",
    "consents_to_data_processing": "Space",
}


def test_registration_form_can_be_completed_with_the_keyboard_alone(live_server, page, workshop):
    page.goto(f"{live_server.url}/events/{workshop.slug}/register/")
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert skip["visible"] and skip["outline"] != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    focused = []
    while not focused or focused[-1]["type"] != "submit":
        page.keyboard.press("Tab")
        element = page.evaluate(FOCUSED)
        focused.append(element)
        assert element["visible"] and element["outline"] == "solid", element
        assert element["width"] >= 2, element
        key = KEYS.pop(element["name"], None)
        if key in ("ArrowDown", "Space"):
            page.keyboard.press(key)
        elif key:
            page.keyboard.type(key)
        assert len(focused) < 60, "the submit button is not reachable with Tab"
    assert "leave_empty" not in [element["name"] for element in focused]
    assert not KEYS, f"never reached with Tab: {sorted(KEYS)}"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/register/done/"))


def test_error_summary_link_puts_the_focus_in_the_field(live_server, page, workshop):
    page.goto(f"{live_server.url}/events/{workshop.slug}/register/")
    page.locator("form.registration-form [type=submit]").click()
    page.locator("[data-error-summary]").wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_given_name"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_given_name"


def test_registration_honeypot_is_neither_seen_nor_announced(live_server, page, workshop):
    page.goto(f"{live_server.url}/events/{workshop.slug}/register/")
    honeypot = page.locator("#id_leave_empty")
    box = honeypot.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0
    snapshot = page.locator("form.registration-form").aria_snapshot()
    assert "Leave this field empty" not in snapshot
    assert "Given name" in snapshot


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_fit_a_narrow_screen_without_sideways_scrolling(
    live_server, browser, browser_context_args, workshop, language
):
    context = browser.new_context(**{**browser_context_args, "viewport": NARROW})
    page = context.new_page()
    for view in ("", "programme/", "resources/", "register/"):
        page.goto(f"{live_server.url}{prefix(language)}/events/{workshop.slug}/{view}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{page.url} is {width}px wide"
    context.close()


def test_form_fields_and_choices_have_borders_one_can_see(live_server, page, workshop):
    page.goto(f"{live_server.url}/events/{workshop.slug}/register/")
    for selector in (
        "#id_given_name",
        "#id_country",
        "#id_gender_0",
        "#id_consents_to_photography",
    ):
        colour = page.locator(selector).evaluate("e => getComputedStyle(e).borderTopColor")
        assert contrast(colour, "rgb(255, 255, 255)") >= 3, (selector, colour)


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_of_a_link_that_no_longer_works_has_no_axe_violations(
    live_server, axe_page, workshop, language
):
    axe_page.goto(f"{live_server.url}{prefix(language)}/r/no-longer-works/")
    assert_accessible(axe_page)
