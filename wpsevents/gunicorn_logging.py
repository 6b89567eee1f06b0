"""gunicorn's logs: access lines without query strings or secrets, as JSON in production."""

import os
import re

from gunicorn.glogging import Logger

from wpsevents.logging import JsonFormatter, RedactingFilter, redact

# In any case: /R/<token>/ reaches no page, but its request line still carries the secret.
PRIVATE_LINK = re.compile(r"/r/[^/?]+", re.IGNORECASE)
SECRET_HEADERS = ("{cookie}i", "{authorization}i", "{set-cookie}o")


def redact_path(path: str | None) -> str:
    """Drop the query string and replace the secret of a private link with a placeholder."""
    if not path:  # a request that failed before its path was read
        return "-"
    return redact(PRIVATE_LINK.sub("/r/<token>", path.split("?", 1)[0]))


class RedactingLogger(Logger):
    """Access log lines that never carry a query string, a private link's token or a cookie."""

    def setup(self, cfg):
        """Set the handlers up as usual, then make them redact and, unless told, write JSON."""
        super().setup(cfg)
        as_json = os.environ.get("LOG_FORMAT", "json") == "json"
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.addFilter(RedactingFilter())
                if as_json:
                    handler.setFormatter(JsonFormatter())

    def atoms(self, resp, req, environ, request_time):
        """The values of the access log format, with paths cleaned and the query string gone."""
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["q"] = ""
        if "U" in atoms:
            atoms["U"] = redact_path(atoms["U"])
        if "r" in atoms:
            method, _space, rest = atoms["r"].partition(" ")
            target, _space, protocol = rest.rpartition(" ")
            atoms["r"] = f"{method} {redact_path(target)} {protocol}"
        if "f" in atoms:
            atoms["f"] = redact_path(atoms["f"])
        for header in SECRET_HEADERS:
            if header in atoms:
                atoms[header] = "-"
        return atoms
