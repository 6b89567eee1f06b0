"""Turn the runs' figures into medians, ratios to the ceiling, targets and a Markdown table."""

from statistics import median

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


def _row(name: str, value: float, limit: float, at_least: bool | None) -> dict:
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
