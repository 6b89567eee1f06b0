"""SpamAssassin's judgement of emails as received, with its local rules, as a mail server's."""

import re
import shutil
import subprocess
from email import message_from_bytes
from email.utils import parseaddr

import pytest

SPAMASSASSIN = shutil.which("spamassassin")
MAX_SCORE = 1.0
STATUS = re.compile(r"\w+,\s*score=(?P<score>-?[\d.]+) required=\S+ tests=(?P<tests>\S*)")
SEPARATOR = b"From sender@example.org Mon Jan  1 00:00:00 2027\n"

needs_spamassassin = pytest.mark.skipif(
    SPAMASSASSIN is None, reason="SpamAssassin is not installed (make test installs it)"
)


def spam_scores(messages: dict[str, bytes]) -> dict[str, tuple[float, str]]:
    """SpamAssassin's score and the rules hit for each message, all judged in one run.

    `messages` are the raw messages by the local part of their recipient's address.
    """
    mbox = b"".join(
        SEPARATOR + content.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From ") + b"\n"
        for content in messages.values()
    )
    run = subprocess.run(
        [SPAMASSASSIN, "--local", "--test-mode", "--mbox"], input=mbox, capture_output=True
    )
    judged = [message_from_bytes(part) for part in run.stdout.split(SEPARATOR) if part.strip()]
    scores = {}
    for message in judged:
        status = STATUS.match(re.sub(r",\s+", ",", message["X-Spam-Status"]))
        name = parseaddr(message["To"])[1].split("@")[0]
        scores[name] = (float(status["score"]), status["tests"])
    return scores


def too_spammy(messages: dict[str, bytes]) -> dict[str, tuple[float, str]]:
    """The messages SpamAssassin scores above `MAX_SCORE`, with their scores and rules."""
    return {name: found for name, found in spam_scores(messages).items() if found[0] > MAX_SCORE}
