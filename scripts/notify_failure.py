"""Tell the operators that a systemd unit failed: an error in the log and an email to each.

    python scripts/notify_failure.py wpsevents-backup.service

wpsevents-failure@.service runs it for every WPS Events unit that fails (their OnFailure=), with
the settings of the env file: the email goes to OPERATOR_EMAILS through the site's own SMTP
server. It names the unit, the machine and the commands that show what happened, and nothing of
the unit's output, which the journal keeps.
"""

import logging
import os
import socket
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wpsevents.settings")
django.setup()

from django.conf import settings  # noqa: E402 -- needs the settings loaded
from django.core.mail import send_mail  # noqa: E402
from django.utils import timezone  # noqa: E402

logger = logging.getLogger("wpsevents.operations")


def notify(unit: str) -> None:
    """Log the failure at error level, then email it to every address in OPERATOR_EMAILS."""
    host = socket.getfqdn()
    logger.error("%s failed on %s", unit, host, extra={"unit": unit})
    if not settings.OPERATOR_EMAILS:
        logger.error("OPERATOR_EMAILS is empty: no operator was emailed about %s", unit)
        return
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M %Z")
    body = "\n".join(
        [
            f"{unit} failed on {host} at {when}.",
            "",
            "What it printed:",
            f"    journalctl -u {unit} -n 50 --no-pager",
            "Its state, and every other failed unit:",
            f"    systemctl status {unit}",
            "    systemctl --failed",
            "",
            "docs/deploy.md, Monitoring, says what each unit does and what to check.",
        ]
    )
    send_mail(
        subject=f"[WPS Events] {unit} failed on {host}",
        message=body,
        from_email=None,
        recipient_list=settings.OPERATOR_EMAILS,
    )


if __name__ == "__main__":
    notify(sys.argv[1] if len(sys.argv) > 1 else "a WPS Events unit")
