"""Drive a page with wrk and read back its figures; prepare registration forms to post."""

import http.client
import json
import re
import shutil
import subprocess
import tempfile
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

WRK_THREADS = 2
# wrk calls done() once at the end: it prints the figures as one JSON line we parse.
REPORT_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,' ..
    '"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"mean_us":%.1f,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.mean, latency.max))
end
"""

THREAD_ID_LUA = r"""
local thread_count = 0
setup = function(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
end
"""


def _lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal here


def get_script(
    headers: dict[str, str] | None = None,
    paths: list[str] | None = None,
    cookies: list[str] | None = None,
) -> str:
    """GET one path (wrk's URL) or cycle through `paths` or `cookies`, with fixed headers."""
    pairs = (headers or {}).items()
    header_lua = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in pairs)
    lines = [f"local headers = {{{header_lua}}}"]
    if cookies:
        lines.append("local cookies = {" + ", ".join(_lua_string(c) for c in cookies) + "}")
        lines.append("local n = 0")
        lines.append(
            "request = function() n = n + 1; "
            'headers["Cookie"] = cookies[(n % #cookies) + 1]; '
            'return wrk.format("GET", nil, headers) end'
        )
    elif paths:
        lines.append("local paths = {" + ", ".join(_lua_string(p) for p in paths) + "}")
        lines.append("local n = 0")
        lines.append(
            "request = function() n = n + 1; "
            'return wrk.format("GET", paths[(n % #paths) + 1], headers) end'
        )
    else:
        lines.append('request = function() return wrk.format("GET", nil, headers) end')
    return "\n".join(lines) + "\n" + REPORT_LUA


def post_script(path: str, forms: list[tuple[str, str]], tag: str) -> str:
    """POST the prepared forms in turn, each request with an email address never used before."""
    rows = ", ".join(f"{{{_lua_string(c)}, {_lua_string(b)}}}" for c, b in forms)
    return (
        THREAD_ID_LUA
        + f"local forms = {{{rows}}}\nlocal path = {_lua_string(path)}\nlocal n = 0\n"
        + "request = function()\n"
        + "  n = n + 1\n"
        # Each thread takes its own forms (every WRK_THREADS-th): a form is good for one POST.
        + f"  local form = forms[((n - 1) * {WRK_THREADS} + (tid or 1) - 1) % #forms + 1]\n"
        + f'  local email = string.format("{tag}-%d-%d%%40bench.example.org", tid or 0, n)\n'
        + '  local headers = {["Cookie"] = form[1],\n'
        + '    ["Content-Type"] = "application/x-www-form-urlencoded"}\n'
        + '  return wrk.format("POST", path, headers, form[2] .. "&email=" .. email)\n'
        + "end\n"
        + REPORT_LUA
    )


def wrk(url: str, connections: int, seconds: int, script: str) -> dict:
    """Run wrk against `url` and return its figures (latencies in milliseconds)."""
    binary = shutil.which("wrk")
    if binary is None:
        raise SystemExit("wrk is missing: `apt-get install -y wrk` (make bench does it).")
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        command = [
            binary,
            f"-t{min(WRK_THREADS, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
        ]
        command += ["--timeout", "10s", "-s", lua.name, url]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("BENCHJSON "))
    raw = json.loads(line.removeprefix("BENCHJSON "))
    socket_errors = raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "mean_ms": round(raw["mean_us"] / 1000, 2),
        "errors": raw["status"] + socket_errors,
        "status_errors": raw["status"],
        "socket_errors": socket_errors,
        "kb_per_response": round(raw["bytes"] / max(raw["requests"], 1) / 1024, 1),
    }


def fetch(host: str, port: int, path: str, headers: dict | None = None):
    """One GET: (status, Set-Cookie pairs, body text)."""
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read().decode()
    cookies = [c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or []]
    conn.close()
    return response.status, cookies, body


def _hidden(body: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', body)
    if match is None:
        raise SystemExit(f"The registration form has no {name} field: is registration open?")
    return match.group(1)


def prepare_forms(host: str, port: int, path: str, count: int) -> list[tuple[str, str]]:
    """Fetch the form `count` times, as visitors do, and fill each in (all but the email).

    Each form is good for one registration (its "form started" stamp is spent when posted), so
    a run posts each prepared form once.
    """

    def one(n: int) -> tuple[str, str]:
        status, cookies, body = fetch(host, port, path)
        if status != 200:
            raise SystemExit(f"GET {path} answered {status}")
        return "; ".join(cookies), urllib.parse.urlencode(filled_in(body, n))

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, range(count)))


def filled_in(body: str, n: int) -> dict[str, str]:
    """The answers of the `n`th visitor to the form in `body`, all but the email address."""
    return {
        "csrfmiddlewaretoken": _hidden(body, "csrfmiddlewaretoken"),
        "started": _hidden(body, "started"),
        "leave_empty": "",
        "salutation": "",
        "given_name": f"Visitor{n}",
        "family_name": "Bench",
        "phone": "",
        "organisation": "Ministry of Women's Affairs",
        "position": "",
        "organisation_type": "government",
        "country": "KH",
        "gender": "woman" if n % 2 else "man",
        "days": "both",
        "attendance_mode": "online" if n % 4 == 3 else "in_person",
        "working_group": "",
        "language": "en",
        "consents_to_data_processing": "on",
    }
