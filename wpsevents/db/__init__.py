"""The database backend: Django's PostgreSQL backend with a health check that costs no round trip.

Set as the engine for PostgreSQL in `settings.py`; SQLite is left as Django ships it.
"""
