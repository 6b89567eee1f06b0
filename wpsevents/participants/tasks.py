"""The email worker's tasks, at the import path that task rows already queued name.

They are defined with the rest of the email's way out, in `mail.delivery`.
"""

from .mail.delivery import deliver_email, deliver_emails

__all__ = ["deliver_email", "deliver_emails"]
