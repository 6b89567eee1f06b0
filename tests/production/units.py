"""Run what an installed systemd unit runs, where systemd itself cannot run (it is not PID 1).

Only the parts of a unit that decide what a command sees are followed: its user and group, its
working directory, its environment (Environment=, then EnvironmentFile=, which overrides it, read
by systemd's rules), its umask, and the "+" that runs a command with full privileges. The
sandboxing options (ProtectSystem= and the like) are systemd's and are checked by
`systemd-analyze verify` instead.
"""

import os
import pwd
import shlex
import subprocess
from pathlib import Path

from tests.production.systemd_env import systemd_environment

SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def read_unit(path: Path) -> dict[str, list[str]]:
    """A unit file's settings, as "Section.Key": [values in order]."""
    settings: dict[str, list[str]] = {}
    section = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        key, _equals, value = line.partition("=")
        settings.setdefault(f"{section}.{key.strip()}", []).append(value.strip())
    return settings


def unit_environment(unit: dict[str, list[str]]) -> dict[str, str]:
    """The variables a service's commands start with."""
    env = {"PATH": SYSTEMD_PATH, "LANG": "C.UTF-8"}
    for line in unit.get("Service.Environment", []):
        env.update(item.split("=", 1) for item in shlex.split(line))
    for name in unit.get("Service.EnvironmentFile", []):
        path = Path(name.lstrip("-"))
        if path.exists() or not name.startswith("-"):
            env.update(systemd_environment(path.read_text()))
    return env


def exec_command(
    unit: dict[str, list[str]], line: str, *, instance: str = "", extra: dict | None = None
) -> list[str]:
    """The command line of one Exec setting, as the unit's user would run it."""
    privileged = line.startswith("+")
    argv = shlex.split(line.lstrip("+-@:!").replace("%i", instance))
    env = {**unit_environment(unit), **(extra or {})}
    command = ["env", "-i", *(f"{name}={value}" for name, value in env.items()), *argv]
    umask = unit.get("Service.UMask")
    if umask:
        command = ["sh", "-c", f'umask {umask[0]}; exec "$@"', "sh", *command]
    user = unit.get("Service.User", ["root"])[0]
    if not privileged and os.geteuid() == 0 and user != "root":
        group = unit.get("Service.Group", [user])[0]
        command = ["setpriv", f"--reuid={user}", f"--regid={group}", "--init-groups", *command]
    elif not privileged and os.geteuid() != 0:
        assert user == pwd.getpwuid(os.geteuid()).pw_name, "without root, the unit's user is you"
    return command


def run_service(
    path: Path, *, instance: str = "", extra: dict | None = None, timeout: float = 180
) -> subprocess.CompletedProcess:
    """Run a oneshot service's ExecStartPre= and ExecStart= commands, in order, as systemd would;
    stop at the first that fails and return its result."""
    unit = read_unit(path)
    cwd = unit.get("Service.WorkingDirectory", ["/"])[0]
    result = None
    for key in ("Service.ExecStartPre", "Service.ExecStart"):
        for line in unit.get(key, []):
            command = exec_command(unit, line, instance=instance, extra=extra)
            result = subprocess.run(
                command, cwd=cwd, capture_output=True, text=True, timeout=timeout
            )
            if result.returncode:
                return result
    return result
