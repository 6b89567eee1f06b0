"""gunicorn's master prepares the site before forking its workers, and connects to nothing."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTHING_LISTENS = "127.0.0.1:9"  # the discard port: connecting to it is refused here

CHECK = textwrap.dedent(
    """
    import wpsevents.wsgi
    from django.db import connections
    from django.template import engines

    assert all(connection.connection is None for connection in connections.all())
    loader = engines["django"].engine.template_loaders[0]
    compiled = {key.split(":")[0] for key in loader.get_template_cache}
    for name in ("base.html", "participants/manage.html", "participants/register.html",
                 "events/event_detail.html", "bootstrap5/field.html"):
        assert name in compiled, name
    print("prepared", len(compiled))
    """
)


def test_master_compiles_the_templates_without_connecting_to_the_database_or_cache():
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "preload-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": f"postgres://nobody@{NOTHING_LISTENS}/nothing",
        "CACHE_URL": f"redis://{NOTHING_LISTENS}/0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_URL": f"smtp://{NOTHING_LISTENS}",
    }
    command = [sys.executable, "-c", CHECK]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("prepared")
