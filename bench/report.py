"""Turn the runs' figures into medians, ratios to the ceiling, targets and a Markdown table."""

from statistics import median

from wpsevents.shared_cache import SHARED_SECONDS

LABELS = {
    "ceiling": "ceiling (minimal Django page)",
    "event": "event page",
    "programme": "programme",
    "register_get": "registration form (GET)",
    "register_post": "registration (POST)",
    "private_link": "private link page",
}
RPS_TARGETS = {"event": 1.0, "programme": 1.0, "register_get": 0.6, "register_post": 0.15}
P99_LIMIT = 4.0
MEMORY_LIMIT_MB = 150
# The organisers' side: milliseconds one click at a time, by number of participants.
CLICK_LIMITS_MS = {
    "list": {"500": 100, "5000": 100, "50000": 200},
    "list filtered": {"500": 100, "5000": 100, "50000": 200},
    "list searched": {"500": 100, "5000": 100, "50000": 200},
    "change page": {"500": 100, "5000": 100, "50000": 100},
    "report": {"500": 200, "5000": 200, "50000": 500},
    "CSV export": {"500": 1000, "5000": 1000, "50000": 8000},
    "Excel export": {"500": 1000, "5000": 1000, "50000": 8000},
    "sign-in sheet (PDF)": {"500": 10000, "5000": 10000, "50000": 10000},
}
DOOR_LIMITS_MS = {"check-in search": (50, 200), "check-in": (50, 200), "list": (150, None)}
PDF_LIMIT_S = 10
FRONT_RPS_RATIO = 10.0
EDIT_MARGIN_S = 0.5  # the measuring's own polling and the refresh of the copy
EMAIL_LIMIT_S = 60


def summarise(runs: list[dict]) -> dict:
    """Per page and concurrency: medians over the runs, each ratio to its own ceiling run."""
    summary: dict = {"ceiling": {}}
    for page in runs[0]["pages"]:
        summary[page] = {}
        for conc in runs[0]["pages"][page]:
            figures = [run["pages"][page][conc] for run in runs]
            summary[page][conc] = {
                **_medians(figures),
                "rps_ratio": round(median(f["rps"] / f["ceiling"]["rps"] for f in figures), 3),
                "p99_ratio": round(
                    median(f["p99_ms"] / f["ceiling"]["p99_ms"] for f in figures), 2
                ),
            }
    for conc in summary["event"]:
        ceilings = [f[conc]["ceiling"] for run in runs for f in run["pages"].values()]
        summary["ceiling"][conc] = {**_medians(ceilings), "rps_ratio": 1.0, "p99_ratio": 1.0}
    return summary


def _medians(figures: list[dict]) -> dict:
    return {
        "rps": median(f["rps"] for f in figures),
        "p50_ms": median(f["p50_ms"] for f in figures),
        "p99_ms": median(f["p99_ms"] for f in figures),
        "errors": sum(f["errors"] for f in figures),
    }


def targets(summary: dict, checks: list[dict], memory: list[float]) -> list[dict]:
    """Each target of the benchmark, its measured value and whether it is met."""
    rows = []
    if not summary:
        return [_row("largest worker RSS (MB)", max(memory, default=0), MEMORY_LIMIT_MB, False)]
    for page, minimum in RPS_TARGETS.items():
        for conc, figures in summary[page].items():
            rows.append(
                _row(f"{LABELS[page]} req/s ratio at c{conc}", figures["rps_ratio"], minimum, True)
            )
    for page, by_conc in summary.items():
        if page != "ceiling" and "8" in by_conc:
            rows.append(
                _row(f"{LABELS[page]} p99 ratio at c8", by_conc["8"]["p99_ratio"], P99_LIMIT, False)
            )
    post = summary["register_post"].get("32", {})
    unregistered = sum(c.get("unregistered_32", 0) for c in checks)
    errors = post.get("errors", 0) + unregistered
    rows.append(_row("registration POST errors at c32", errors, 0, None))
    overbooked = sum(1 for c in checks if c["overbooked"])
    rows.append(_row("runs with overbooking", overbooked, 0, None))
    rows.append(_row("largest worker RSS (MB)", max(memory, default=0), MEMORY_LIMIT_MB, False))
    return rows


def organisers_targets(side: dict) -> list[dict]:
    """The organisers' pages at each size, the door at each size, the PDFs."""
    rows = []
    for size, figures in side.items():
        for page, limits in CLICK_LIMITS_MS.items():
            value = figures["clicks"][page]["median_ms"]
            rows.append(_row(f"{page} at {size}, median ms", value, limits[size], False, True))
        errors = sum(page["errors"] for page in figures["clicks"].values())
        rows.append(_row(f"organisers' pages at {size}: errors", errors, 0, None))
        for kind, (median_limit, p99_limit) in DOOR_LIMITS_MS.items():
            door = figures["door"][kind]
            rows.append(
                _row(
                    f"door day at {size}: {kind} median ms",
                    door["median_ms"],
                    median_limit,
                    False,
                    True,
                )
            )
            if p99_limit:
                rows.append(
                    _row(
                        f"door day at {size}: {kind} p99 ms", door["p99_ms"], p99_limit, False, True
                    )
                )
        rows.append(_row(f"door day at {size}: errors", figures["door"]["errors"], 0, None))
        for name, seconds in figures.get("pdfs", {}).items():
            if name.endswith("_s"):
                label = f"{name.removesuffix('_s').replace('_', ' ')} PDF for the room, s"
                rows.append(_row(label, seconds, PDF_LIMIT_S, False, True))
    return rows


def front_targets(fronted: dict, burst: dict) -> list[dict]:
    """Through nginx at concurrency 256, the edit that must show, and the registration burst."""
    rows = []
    for page in ("event", "programme"):
        if page not in fronted:
            continue
        f = fronted[page]
        ratio = round(f["rps"] / f["ceiling"]["rps"], 1)
        rows.append(
            _row(f"{LABELS[page]} through nginx, req/s ratio at c256", ratio, FRONT_RPS_RATIO, True)
        )
        rows.append(
            _row(
                f"{LABELS[page]} through nginx: p99 ms under the ceiling's p50 at c256",
                f["p99_ms"],
                f["ceiling"]["p50_ms"],
                False,
            )
        )
        rows.append(_row(f"{LABELS[page]} through nginx: errors at c256", f["errors"], 0, None))
    if "edit_shows_after_s" in fronted:
        rows.append(
            _row(
                "an organiser's edit shows through nginx after, s",
                fronted["edit_shows_after_s"],
                SHARED_SECONDS + EDIT_MARGIN_S,
                False,
                True,
            )
        )
    if burst:
        rows.append(
            _row(
                "burst: worst time to the confirmation email, s",
                burst["email_worst_s"] or float("inf"),
                EMAIL_LIMIT_S,
                False,
                True,
            )
        )
        missing = burst["registrations"] - burst["emails_received"]
        rows.append(_row("burst: registrations without an email", missing, 0, None))
        rows.append(_row("burst: errors", burst["errors"], 0, None))
        rows.append(_row("burst: overbooked", int(burst["overbooked"]), 0, None))
    return rows


def _row(
    name: str, value: float, limit: float, at_least: bool | None, or_equal: bool = False
) -> dict:
    if at_least is False and or_equal:
        return {"target": name, "value": value, "limit": limit, "met": value <= limit}
    met = value == limit if at_least is None else (value >= limit if at_least else value < limit)
    return {"target": name, "value": value, "limit": limit, "met": met}


def markdown(result: dict) -> str:
    """The short table people read: medians of the runs and ratios to the ceiling."""
    machine = result["machine"]
    lines = [
        f"# Benchmark {result['started']}",
        "",
        f"{machine['cores']} cores ({machine['cpu']}), load average "
        f"{machine['load_before']:.2f} before, {machine['load_after']:.2f} after; "
        f"{result['runs_count']} runs of {result['seconds']} s per figure, medians shown; "
        f"each page's run follows a {result['ceiling_seconds']} s run of the ceiling, and its "
        f"ratios are to that run; gunicorn workers: {result['workers']}.",
        "",
        "| page | conc. | req/s | × ceiling | p50 ms | p99 ms | p99 × ceiling | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page, by_conc in result["summary"].items():
        for conc, f in by_conc.items():
            lines.append(
                f"| {LABELS[page]} | {conc} | {f['rps']:.0f} | {f['rps_ratio']:.2f} | "
                f"{f['p50_ms']:.1f} | {f['p99_ms']:.1f} | {f['p99_ratio']:.2f} | {f['errors']} |"
            )
    lines += ["", "| target | measured | limit | met |", "| --- | ---: | ---: | :---: |"]
    for row in result["targets"]:
        met = "yes" if row["met"] else "NO"
        lines.append(f"| {row['target']} | {row['value']} | {row['limit']} | {met} |")
    lines += _post_lines(result["runs"])
    lines += _growth_lines(result.get("growth", {}))
    lines += _organisers_lines(result.get("organisers", {}))
    lines += _front_lines(result.get("front", {}), result.get("burst", {}))
    lines += ["", f"Worker resident memory after the run (MB): {result['memory_mb']}", ""]
    return "\n".join(lines)


def _post_lines(runs: list[dict]) -> list[str]:
    """What the POST runs did: registrations made, seats, page cache drops."""
    lines = [""]
    for number, run in enumerate(runs, start=1):
        check = run["check"]
        posts = run["pages"]["register_post"].items()
        made = {c: f["registered"] for c, f in posts}
        drops = {c: f.get("page_cache_drops", "?") for c, f in posts}
        drained = {c: f.get("email_drain_seconds", "?") for c, f in posts}
        lines.append(
            f"Run {number}: registrations made {made}, seats taken (confirmed or held) "
            f"{check['seats_taken']} of {check['capacity']}, overbooked: "
            f"{'YES' if check['overbooked'] else 'no'}, public page cache dropped {drops} times, "
            f"worker sent the confirmations in {drained} s."
        )
    return lines


def _organisers_lines(side: dict) -> list[str]:
    """Each organisers' page one click at a time, its ratio to the ceiling's one click."""
    if not side:
        return []
    sizes = list(side)
    lines = [
        "",
        "Organisers, one click at a time: median ms (× the ceiling's page, one at a time)",
        "",
    ]
    lines.append("| page | " + " | ".join(sizes) + " |")
    lines.append("| --- |" + " ---: |" * len(sizes))
    ceiling = {size: side[size]["ceiling"]["median_ms"] for size in sizes}
    lines.append("| ceiling | " + " | ".join(f"{ceiling[s]:.1f}" for s in sizes) + " |")
    for page in side[sizes[0]]["clicks"]:
        cells = []
        for size in sizes:
            ms = side[size]["clicks"][page]["median_ms"]
            cells.append(f"{ms:.0f} ({ms / ceiling[size]:.0f}×)")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    lines += ["", "The day at the door (3 phones, 2 organisers): median / p99 ms", ""]
    lines.append("| request | " + " | ".join(sizes) + " |")
    lines.append("| --- |" + " ---: |" * len(sizes))
    for kind in ("check-in search", "check-in", "list"):
        cells = [
            f"{side[s]['door'][kind]['median_ms']:.0f} / {side[s]['door'][kind]['p99_ms']:.0f}"
            f" ({side[s]['door'][kind]['count']})"
            for s in sizes
        ]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    lines.append("")
    for size in sizes:
        if "pdfs" in side[size]:
            lines.append(f"PDFs at {size} participants (s): {side[size]['pdfs']}")
        lines.append(
            f"Worker memory after the exports at {size} (MB): "
            f"{side[size]['memory_mb_after_exports']}"
        )
    return lines


def _front_lines(fronted: dict, burst: dict) -> list[str]:
    lines = []
    for page in ("event", "programme"):
        if page in fronted:
            f, c = fronted[page], fronted[page]["ceiling"]
            lines.append(
                f"Through nginx (TLS) at c256, {LABELS[page]}: {f['rps']:.0f} req/s "
                f"({f['rps'] / c['rps']:.1f}× the ceiling's {c['rps']:.0f}), p50 {f['p50_ms']:.1f} "
                f"ms, p99 {f['p99_ms']:.1f} ms (ceiling p50 {c['p50_ms']:.1f} ms), "
                f"errors {f['errors']}."
            )
    if "edit_shows_after_s" in fronted:
        lines.append(
            f"An organiser's edit showed through nginx after {fronted['edit_shows_after_s']} s."
        )
    if burst:
        lines.append(
            f"Burst: {burst['registrations']} registrations over {burst['over_seconds']} s, "
            f"{burst['registered']} made, {burst['errors']} errors; emails received "
            f"{burst['emails_received']}, median {burst['email_median_s']} s, worst "
            f"{burst['email_worst_s']} s after the registration was sent; confirmed in person "
            f"{burst['seats_taken']} of {burst['capacity']}, overbooked: "
            f"{'YES' if burst['overbooked'] else 'no'}."
        )
    return ["", *lines] if lines else []


def _growth_lines(growth: dict) -> list[str]:
    if not growth:
        return []
    lines = ["", "Growth (concurrency 8): p50 / mean ms per request by number of participants", ""]
    sizes = list(growth)
    lines.append("| page | " + " | ".join(sizes) + " |")
    lines.append("| --- |" + " ---: |" * len(sizes))
    for page in growth[sizes[0]]:
        cells = [
            f"{growth[s][page]['p50_ms']:.1f} / {growth[s][page]['mean_ms']:.1f}" for s in sizes
        ]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return lines
