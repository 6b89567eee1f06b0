"""The report's charts are read without telling colours apart: a visible legend with counts, a
hatch as well as a colour, and every series at 3:1 against the admin's light and dark pages."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.test_accessibility import contrast
from tests.e2e.test_backoffice_journey import DESKTOP, _log_in, _organiser, _register_people
from wpsevents.events.models import Event

pytestmark = pytest.mark.e2e

SERIES_COLOURS = """() => {
  const colour = (selector, property) => {
    const element = document.querySelector(selector);
    return element && getComputedStyle(element)[property];
  };
  return {
    background: getComputedStyle(document.body).backgroundColor,
    registered: colour(".chart-gender .chart-registered", "fill"),
    "checked in": colour(".chart-gender rect.chart-checked-in-stroke", "stroke"),
    "registrations line": colour(".chart-timeline polyline.chart-registered-stroke", "stroke"),
    "new per day": colour(".chart-timeline .chart-daily", "fill"),
    axis: colour(".chart-timeline .chart-axis", "stroke"),
  };
}"""


@pytest.fixture
def report_page(live_server, browser, transactional_db, request):
    """The report of a workshop with four dozen registrations, in the theme asked for."""
    call_command("load_workshop", stdout=StringIO())
    _register_people(Event.objects.get(is_featured=True))
    _organiser()
    context = browser.new_context(viewport=DESKTOP, color_scheme=request.param)
    page = context.new_page()
    _log_in(page, live_server.url)
    page.goto(live_server.url + "/admin/reports/")
    yield page
    context.close()


@pytest.mark.parametrize("report_page", ["light", "dark"], indirect=True)
def test_every_chart_series_has_3_to_1_contrast(report_page):
    colours = report_page.evaluate(SERIES_COLOURS)
    background = colours.pop("background")
    assert background in ("rgb(255, 255, 255)", "rgb(18, 18, 18)"), background
    for series, colour in colours.items():
        assert colour, f"{series} is not drawn"
        assert contrast(colour, background) >= 3, f"{series}: {colour} on {background}"


@pytest.mark.parametrize("report_page", ["light"], indirect=True)
def test_charts_have_a_visible_legend_and_a_hatch(report_page):
    chart = report_page.locator("svg.report-chart").filter(has_text="Participation by gender")
    legend = chart.locator(".chart-legend")
    expect(legend).to_contain_text("Registered: 40")
    expect(legend).to_contain_text("Checked in:")
    assert chart.locator("rect[fill='url(#chart-hatch)']").count() > 0
    timeline = report_page.locator(".chart-timeline, svg").filter(
        has_text="Registrations over time"
    )
    expect(timeline.first.locator(".chart-legend")).to_contain_text("All registrations so far")


@pytest.mark.parametrize("report_page", ["light"], indirect=True)
def test_each_download_link_names_its_table(report_page):
    links = report_page.locator("a.report-download")
    names = [links.nth(n).evaluate("a => a.textContent") for n in range(links.count())]
    assert len(names) > 1 and len(set(names)) == len(names), names
    expect(
        report_page.get_by_role(
            "link", name=re.compile(r"^Download CSV ?: Participation by gender$")
        )
    ).to_be_visible()
