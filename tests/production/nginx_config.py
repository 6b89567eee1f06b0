"""nginx configurations for the suite: the site as deployed, inside Debian's own nginx.conf."""

import re
from pathlib import Path

DEBIAN_MAIN = Path("/etc/nginx/nginx.conf")
# Debian's nginx.conf as installed, for machines where nginx came from elsewhere.
MINIMAL_MAIN = """user www-data;
worker_processes auto;
pid /run/nginx.pid;
error_log /var/log/nginx/error.log;
events {
    worker_connections 768;
}
http {
    sendfile on;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    access_log /var/log/nginx/access.log;
    gzip on;
    include /etc/nginx/sites-enabled/*;
}
"""


def main_config(folder: Path, sites: str) -> Path:
    """Debian's nginx.conf including `sites` (a path or glob) in place of sites-enabled, with its
    own logs and pid in `folder`, and without the dynamic modules the site does not use."""
    text = DEBIAN_MAIN.read_text() if DEBIAN_MAIN.exists() else MINIMAL_MAIN
    text = text.replace("/etc/nginx/sites-enabled/*", sites)
    text = re.sub(r"(?m)^include /etc/nginx/modules-enabled/.*$", "", text)
    text = text.replace("/var/log/nginx/", f"{folder}/")
    text = re.sub(r"(?m)^pid .*$", f"pid {folder}/nginx.pid;", text)
    path = folder / "nginx.conf"
    path.write_text(text)
    return path
