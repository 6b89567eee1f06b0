""".env.example loads alike in sh, in bash, in systemd (EnvironmentFile=) and in the site.

Operator finding: `set -a; . /etc/wpsevents/env` stopped at the line
`DEFAULT_FROM_EMAIL=WPS Events <events@example.org>`: dash (cron's shell) gave up on the whole
file, bash silently left every later variable unset, while systemd read it fine.
"""

import shutil
import subprocess
from pathlib import Path

import environ
import pytest

from tests.production.systemd_env import comment_continues, shell_environment, systemd_environment

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / ".env.example"


class _Captured(environ.Env):
    """django-environ reading a .env file into a dictionary of its own, not os.environ."""

    ENVIRON = {}


def _django_environ(path: Path) -> dict[str, str]:
    _Captured.ENVIRON = {}
    _Captured.read_env(path, overwrite=True)
    return dict(_Captured.ENVIRON)


@pytest.mark.parametrize("shell", ["sh", "bash"])
def test_env_example_loads_alike_in_the_shell_and_in_systemd(shell):
    if not shutil.which(shell):
        pytest.skip(f"{shell} is not installed")
    from_systemd = systemd_environment(EXAMPLE.read_text())
    assert shell_environment(EXAMPLE, shell) == from_systemd
    assert from_systemd["DEFAULT_FROM_EMAIL"] == "WPS Events <events@localhost>"
    assert len(from_systemd) > 30, "every variable, not the first few"


def test_env_example_loads_alike_in_the_site_and_in_systemd():
    """`cp .env.example .env` in development: the settings read it with django-environ."""
    assert _django_environ(EXAMPLE) == systemd_environment(EXAMPLE.read_text())


def test_env_example_reads_the_same_in_every_systemd_release():
    assert not comment_continues(EXAMPLE.read_text())


def test_an_unquoted_value_with_spaces_stops_the_shell(tmp_path):
    """What the quoting guards against: the shell reads `<` as a redirection."""
    broken = tmp_path / "env"
    broken.write_text("A=1\nDEFAULT_FROM_EMAIL=WPS Events <events@localhost>\nB=2\n")
    assert systemd_environment(broken.read_text())["B"] == "2"
    result = subprocess.run(
        ["env", "-i", "sh", "-c", 'set -a; . "$0"; echo "B=$B"', str(broken)],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 or "B=2" not in result.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A=plain\n", {"A": "plain"}),
        ("A=  spaced out  \n", {"A": "spaced out"}),
        ("A='single \"quoted\" $HOME \\n'\n", {"A": 'single "quoted" $HOME \\n'}),
        ('A="double \\"quoted\\" \\$HOME \\n"\n', {"A": 'double "quoted" $HOME \\n'}),
        ("A=one\\\ntwo\n", {"A": "onetwo"}),
        ("# comment\n; comment\n  B=2\nnot an assignment\n", {"B": "2"}),
        ("A=1\nA=2\n", {"A": "2"}),
        ("A=no newline at the end", {"A": "no newline at the end"}),
        ("9A=bad name\nA-B=bad name\nC=\n", {"C": ""}),
        ("A=a#b;c\n", {"A": "a#b;c"}),
    ],
)
def test_systemd_environment_follows_systemd_exec(text, expected):
    """The rules of EnvironmentFile= in systemd.exec(5), one each."""
    assert systemd_environment(text) == expected
