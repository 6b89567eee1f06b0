"""Documents drawn as PDFs that anyone may check at `/verify/<code>/`: letters, certificates.

This package sits below the email layer, so that the worker can attach a letter to an email,
as it attaches the calendar file.
"""
