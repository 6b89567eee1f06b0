"""Charts drawn on the server as inline SVG: no script, nothing fetched from elsewhere."""

from datetime import date, timedelta

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from wpsevents.khmer import local_date, local_digits

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40
LINE_BOTTOM = 180  # the running total above, the daily bars below on a scale of their own
BARS_TOP, BARS_BOTTOM = 204, HEIGHT - BOTTOM
# Light-theme colours; static/css/dashboard.css gives each series' class its colour in both of the
# admin's themes, at 3:1 or more against the page.
BLUE, GREEN, GREY, ORANGE = "#005a9c", "#146c43", "#6c757d", "#b35900"
HATCH = (
    '<defs><pattern id="chart-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
    ' patternTransform="rotate(45)"><rect width="6" height="6" class="chart-hatch-ground"'
    ' fill="none"/><line x1="0" y1="0" x2="0" y2="6" stroke="{}" stroke-width="3"'
    ' class="chart-checked-in-stroke"/></pattern></defs>'
)


def registrations_chart(by_date: list[tuple[date, int]], capacity: int | None) -> SafeString:
    """The running total of registrations as a line (capacity dashed), new ones per day as bars."""
    if not by_date:
        return SafeString("")
    days = _every_day(by_date)
    totals = _running_totals(days)
    top = _nice_ceiling(max(totals[-1], capacity or 0))
    step = (WIDTH - LEFT - RIGHT) / len(days)

    def y(value):
        return LINE_BOTTOM - (LINE_BOTTOM - TOP) * value / top

    points = " ".join(
        f"{LEFT + (i + 0.5) * step:.1f},{y(total):.1f}" for i, total in enumerate(totals)
    )
    line = format_html(
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="3"'
        ' class="chart-registered-stroke"/>',
        points,
        BLUE,
    )
    legend = _legend(
        [
            (
                _line_swatch(),
                _("All registrations so far: %(count)s") % {"count": local_digits(totals[-1])},
            )
        ]
    )
    parts = [legend, _axes(top, y), line, _daily_bars(days, step), _x_labels(days, step)]
    if capacity:
        parts.append(_capacity_line(y(capacity), capacity))
    return _svg(
        "chart-timeline",
        _("Registrations over time"),
        _("The line: all registrations so far. The bars below: new registrations per day."),
        SafeString("".join(parts)),
    )


def _daily_bars(days: list[tuple[date, int]], step: float) -> SafeString:
    """New registrations per day, scaled to the busiest day."""
    most = max(count for _day, count in days) or 1
    height = BARS_BOTTOM - BARS_TOP
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" class="chart-daily">'
        "<title>{}: {}</title></rect>",
        (
            (
                _r(LEFT + i * step + step * 0.15),
                _r(BARS_BOTTOM - height * count / most),
                _r(step * 0.7),
                _r(height * count / most),
                GREY,
                local_date(day, "DATE_FORMAT"),
                local_digits(count),
            )
            for i, (day, count) in enumerate(days)
        ),
    )
    return format_html(
        '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#495057" class="chart-axis"/>'
        '<text x="{tx}" y="{ty}" text-anchor="end" font-size="12">{most}</text>'
        '<text x="{tx}" y="{b}" text-anchor="end" font-size="12">{zero}</text>{bars}'
        '<text x="{l}" y="{label_y}" font-size="12">{label}</text>',
        l=LEFT,
        r=WIDTH - RIGHT,
        b=BARS_BOTTOM,
        tx=LEFT - 6,
        ty=BARS_TOP + 10,
        most=local_digits(most),
        zero=local_digits(0),
        bars=bars,
        label_y=BARS_TOP - 6,
        label=_("New registrations per day"),
    )


def _r(number: float) -> float:
    return round(number, 1)


def _every_day(by_date: list[tuple[date, int]]) -> list[tuple[date, int]]:
    counts = dict(by_date)
    first, last = by_date[0][0], by_date[-1][0]
    span = (last - first).days + 1
    return [
        (first + timedelta(days=n), counts.get(first + timedelta(days=n), 0)) for n in range(span)
    ]


def _running_totals(days: list[tuple[date, int]]) -> list[int]:
    totals, total = [], 0
    for _day, count in days:
        total += count
        totals.append(total)
    return totals


def _nice_ceiling(value: int) -> int:
    """A round number at least as large as the value, for the top of the axis."""
    for ceiling in (5, 10, 20, 25, 50, 100, 150, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= ceiling:
            return ceiling
    return (value // 10000 + 1) * 10000


def _axes(top: int, y) -> SafeString:
    ticks = [0, top // 2, top]
    return format_html(
        '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#495057" class="chart-axis"/>{t}',
        l=LEFT,
        r=WIDTH - RIGHT,
        b=_r(y(0)),
        t=format_html_join(
            "",
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#dee2e6"/>'
            '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>',
            (
                (LEFT, _r(y(t)), WIDTH - RIGHT, _r(y(t)), LEFT - 6, _r(y(t) + 4), local_digits(t))
                for t in ticks
            ),
        ),
    )


def _x_labels(days: list[tuple[date, int]], step: float) -> SafeString:
    picks = sorted({0, len(days) // 2, len(days) - 1})
    return format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>',
        (
            (_r(LEFT + (i + 0.5) * step), HEIGHT - BOTTOM + 18, local_date(days[i][0], "j M"))
            for i in picks
        ),
    )


def _capacity_line(y_value: float, capacity: int) -> SafeString:
    label = _("Capacity: %(seats)s seats") % {"seats": local_digits(capacity)}
    return format_html(
        '<line x1="{l}" y1="{y}" x2="{r}" y2="{y}" stroke="{c}" stroke-dasharray="6 4"'
        ' stroke-width="2" class="chart-capacity-stroke"/><text x="{r}" y="{ty}"'
        ' text-anchor="end" font-size="12" fill="{c}" class="chart-capacity">{label}</text>',
        l=LEFT,
        r=WIDTH - RIGHT,
        y=_r(y_value),
        ty=_r(y_value - 6),
        c=ORANGE,
        label=label,
    )


def gender_chart(rows: list[list]) -> SafeString:
    """Registered and checked-in participants per gender, as pairs of horizontal bars."""
    rows = rows[:-1]  # without the total
    if not rows:
        return SafeString("")
    top = _nice_ceiling(max(row[1] for row in rows))
    label_w, bar_h, gap = 150, 14, 14
    legend_h = 28
    height = TOP + legend_h + len(rows) * (2 * bar_h + gap) + 24
    plot_w = WIDTH - label_w - RIGHT - 40

    def bar(index, offset, value, series):
        y = TOP + legend_h + index * (2 * bar_h + gap) + offset
        width = plot_w * value / top
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" {}><title>{}: {}</title></rect>'
            '<text x="{}" y="{}" font-size="12">{}</text>',
            label_w,
            y,
            width,
            bar_h - 2,
            SERIES[series][0],
            SERIES[series][1](),
            local_digits(value),
            label_w + width + 4,
            y + 11,
            local_digits(value),
        )

    parts = [SafeString(HATCH.format(GREEN))]
    totals = {"registered": 0, "checked_in": 0}
    for index, row in enumerate(rows):
        y = TOP + legend_h + index * (2 * bar_h + gap) + bar_h + 4
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="13">{}</text>',
                label_w - 8,
                y,
                row[0],
            )
        )
        parts.append(bar(index, 0, row[1], "registered"))
        parts.append(bar(index, bar_h, row[4], "checked_in"))
        totals["registered"] += row[1]
        totals["checked_in"] += row[4]
    parts.insert(
        1,
        _legend(
            [
                (
                    _box_swatch("registered"),
                    _("Registered: %(count)s") % {"count": totals["registered"]},
                ),
                (
                    _box_swatch("checked_in"),
                    _("Checked in: %(count)s") % {"count": totals["checked_in"]},
                ),
            ]
        ),
    )
    return _svg(
        "chart-gender",
        _("Participation by gender"),
        _("Solid bars: registered. Hatched bars: checked in on either day."),
        SafeString("".join(parts)),
        height=height,
    )


# Each series' fill: the registered as solid colour, the checked-in hatched, so that the two
# differ in shape as well as in colour.
SERIES = {
    "registered": (
        SafeString(f'fill="{BLUE}" class="chart-registered"'),
        lambda: _("Registered"),
    ),
    "checked_in": (
        SafeString(
            f'fill="url(#chart-hatch)" stroke="{GREEN}" stroke-width="1.5"'
            ' class="chart-checked-in-stroke"'
        ),
        lambda: _("Checked in"),
    ),
}


def _box_swatch(series: str) -> SafeString:
    return format_html('<rect x="0" y="-10" width="14" height="12" {}/>', SERIES[series][0])


def _line_swatch() -> SafeString:
    return format_html(
        '<line x1="0" y1="-4" x2="14" y2="-4" stroke="{}" stroke-width="3"'
        ' class="chart-registered-stroke"/>',
        BLUE,
    )


def _legend(entries: list[tuple[SafeString, str]]) -> SafeString:
    """A visible legend along the chart's top: each series' swatch and its name with its count."""
    items = format_html_join(
        "",
        '<g transform="translate({},{})">{}<text x="20" y="0" font-size="13">{}</text></g>',
        ((LEFT + n * 260, TOP + 2, swatch, text) for n, (swatch, text) in enumerate(entries)),
    )
    return format_html('<g class="chart-legend">{}</g>', items)


def _svg(
    key: str, title: str, description: str, body: SafeString, height: int = HEIGHT
) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img"'
        ' aria-labelledby="{id}-t {id}-d" class="report-chart {id}"'
        ' font-family="system-ui, sans-serif">'
        '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=height,
        id=key,
        title=title,
        desc=description,
        body=body,
    )


def paired_bars(pairs: list[tuple[int, int]], *, hide_below: int = 0) -> list[SafeString]:
    """For each (registered, attended) pair, a small inline SVG of two bars on one scale.

    One drawing per row, beside the row's label and numbers, which are text of the page (in
    both languages, in its fonts) rather than of the drawing. A count under `hide_below`
    (other than 0) is drawn as no bar, so that the bar tells no more than the "<5" beside it.
    """
    top = max((max(pair) for pair in pairs), default=0) or 1
    width, bar_h = 110, 6
    height = 2 * bar_h + 2
    drawings = []
    for pair in pairs:
        bars = format_html_join(
            "",
            '<rect x="0" y="{}" width="{}" height="{}" fill="{}"/>',
            (
                (index * (bar_h + 2), _bar_length(value, top, width, hide_below), bar_h, colour)
                for index, (value, colour) in enumerate(zip(pair, (BLUE, GREEN), strict=True))
            ),
        )
        drawings.append(
            format_html(
                '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}"'
                ' height="{h}" aria-hidden="true">{}</svg>',
                bars,
                w=width,
                h=height,
            )
        )
    return drawings


def _bar_length(value: int, top: int, width: int, hide_below: int) -> float:
    return 0 if 0 < value < hide_below else round(width * value / top, 1)
