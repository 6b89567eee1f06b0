"""Environment files as systemd reads them (EnvironmentFile=), and as sh reads them.

systemd cannot run here (it is not PID 1), so its parser is followed step by step: the state
machine of parse_env_file_internal() in systemd's src/basic/env-file.c, which systemd.exec(5)
describes under EnvironmentFile=, then the validity checks that drop an assignment with an
invalid name or value (strv_env_clean). Line continuation after a comment changed in systemd
254; Debian 12 has 252, so files checked here must not end a comment with a backslash.
"""

import re
import subprocess
from pathlib import Path

COMMENTS = "#;"
WHITESPACE = " \t\n\r"
NEWLINE = "\n\r"
SHELL_NEED_ESCAPE = '"\\`$'
VALID_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def systemd_environment(text: str) -> dict[str, str]:
    """The variables systemd sets from an environment file with this text."""
    variables = {}
    state, key, value = "PRE_KEY", [], []
    last_key_space = last_value_space = None

    def push():
        name = "".join(key[:last_key_space] if last_key_space is not None else key)
        content = "".join(value)
        if _valid(name, content):
            variables[name] = content

    for c in text:
        if state == "PRE_KEY":
            if c in COMMENTS:
                state = "COMMENT"
            elif c not in WHITESPACE:
                state, key, last_key_space = "KEY", [c], None
        elif state == "KEY":
            if c in NEWLINE:
                state, key = "PRE_KEY", []
            elif c == "=":
                state, value, last_value_space = "PRE_VALUE", [], None
            else:
                if c not in WHITESPACE:
                    last_key_space = None
                elif last_key_space is None:
                    last_key_space = len(key)
                key.append(c)
        elif state == "PRE_VALUE":
            if c in NEWLINE:
                push()
                state, key, value = "PRE_KEY", [], []
            elif c == "'":
                state = "SINGLE_QUOTE_VALUE"
            elif c == '"':
                state = "DOUBLE_QUOTE_VALUE"
            elif c == "\\":
                state = "VALUE_ESCAPE"
            elif c not in WHITESPACE:
                state = "VALUE"
                value.append(c)
        elif state == "VALUE":
            if c in NEWLINE:
                if last_value_space is not None:
                    value = value[:last_value_space]
                push()
                state, key, value = "PRE_KEY", [], []
            elif c == "\\":
                state, last_value_space = "VALUE_ESCAPE", None
            else:
                if c not in WHITESPACE:
                    last_value_space = None
                elif last_value_space is None:
                    last_value_space = len(value)
                value.append(c)
        elif state == "VALUE_ESCAPE":
            state = "VALUE"
            if c not in NEWLINE:  # an escaped line break is dropped
                value.append(c)
        elif state == "SINGLE_QUOTE_VALUE":
            if c == "'":
                state = "PRE_VALUE"
            else:
                value.append(c)
        elif state == "DOUBLE_QUOTE_VALUE":
            if c == '"':
                state = "PRE_VALUE"
            elif c == "\\":
                state = "DOUBLE_QUOTE_VALUE_ESCAPE"
            else:
                value.append(c)
        elif state == "DOUBLE_QUOTE_VALUE_ESCAPE":
            state = "DOUBLE_QUOTE_VALUE"
            if c in SHELL_NEED_ESCAPE:
                value.append(c)
            elif c != "\n":
                value += ["\\", c]
        elif state == "COMMENT":
            if c == "\\":
                state = "COMMENT_ESCAPE"
            elif c in NEWLINE:
                state = "PRE_KEY"
        elif state == "COMMENT_ESCAPE":
            state = "PRE_KEY" if c in NEWLINE else "COMMENT"
    if state not in {"PRE_KEY", "KEY", "COMMENT", "COMMENT_ESCAPE"}:
        if state == "VALUE" and last_value_space is not None:
            value = value[:last_value_space]
        push()
    return variables


def _valid(name: str, value: str) -> bool:
    """strv_env_clean: a valid name, and a value without control characters but tab and newline."""
    controls = {chr(code) for code in range(32)} - {"\t", "\n"} | {"\x7f"}
    return bool(VALID_NAME.match(name)) and not controls & set(value)


def comment_continues(text: str) -> bool:
    """Whether a comment line ends with a backslash (read differently before systemd 254)."""
    return any(
        line.lstrip().startswith(tuple(COMMENTS)) and line.endswith("\\")
        for line in text.splitlines()
    )


def shell_environment(path: Path, shell: str = "sh") -> dict[str, str]:
    """The variables a POSIX shell exports from the file with `set -a; . FILE` (as the
    wpsevents-manage wrapper and cron jobs do), in an otherwise empty environment."""
    script = 'set -a; . "$0"; exec env -0'
    result = subprocess.run(
        ["env", "-i", shell, "-c", script, str(path)],
        capture_output=True,
        timeout=30,
    )
    assert result.returncode == 0 and not result.stderr, result.stderr.decode()
    pairs = (entry.split("=", 1) for entry in result.stdout.decode().split("\0") if entry)
    return {name: value for name, value in pairs if name not in {"PWD", "SHLVL", "_", "OLDPWD"}}
