"""The organisers' back office: registrations, emails and privacy in the Django admin."""

from . import certificates, delegations, letters, participant  # noqa: F401 -- registers the ModelAdmins
