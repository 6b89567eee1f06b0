"""gunicorn's access log, with private-link secrets taken out of the paths it records."""

import re

from gunicorn.glogging import Logger

PRIVATE_LINK = re.compile(r"/r/[^/?]+")


def redact_path(path: str) -> str:
    """Replace the secret of a private link in a path with a placeholder."""
    return PRIVATE_LINK.sub("/r/<token>", path)


class RedactingLogger(Logger):
    """Access log lines that never carry a private link's token."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("U", "r"):
            if key in atoms:
                atoms[key] = redact_path(atoms[key])
        return atoms
