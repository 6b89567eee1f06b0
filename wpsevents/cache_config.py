"""The cache's settings: Redis in production, kept out of the way when it is unreachable."""

# Redis answers within a millisecond on the same network; waiting longer only adds its outage to
# every request.
REDIS_TIMEOUT_SECONDS = 1


def survive_outages(config: dict) -> dict:
    """The cache settings `config` (from CACHE_URL), with a Redis outage turned into misses.

    Redis holds copies only (pages, the event, check-in codes, rate-limit counters): while it
    cannot be reached, every read is a miss and every write is dropped, so pages are made from
    the database, slower but right, instead of failing. django-redis logs each ignored error.
    """
    if not config["BACKEND"].startswith("django_redis."):
        return config
    options = {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT_SECONDS,
        "SOCKET_TIMEOUT": REDIS_TIMEOUT_SECONDS,
        **config.get("OPTIONS", {}),
    }
    return {**config, "OPTIONS": options}
