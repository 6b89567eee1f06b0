#!/usr/bin/env bash
# Check the nginx sites of deploy/nginx/ with `nginx -t`, inside this machine's Debian
# nginx.conf, using a throwaway self-signed certificate in place of the real one. Needs nginx
# (Debian's nginx-light will do) and openssl. The suite checks the sites as the installer writes
# them (tests/production/test_install.py) and runs them (tests/production/test_nginx.py).
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
mkdir "$work/cache"
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=events.example.org" \
  -keyout "$work/privkey.pem" -out "$work/fullchain.pem" 2>/dev/null
main="${NGINX_MAIN_CONFIG:-/etc/nginx/nginx.conf}"
for site in wpsevents wpsevents-bootstrap; do
  sed -e "s#/etc/letsencrypt/live/events.example.org/#$work/#" -e "s#/var/log/nginx/#$work/#" \
    -e "s#/var/cache/nginx/#$work/cache/#" "deploy/nginx/$site.conf" >"$work/$site.site"
  sed -e "s#/etc/nginx/sites-enabled/\*#$work/$site.site#" -e "/modules-enabled/d" \
    -e "s#/var/log/nginx/#$work/#" -e "s#^pid .*#pid $work/nginx.pid;#" "$main" >"$work/nginx.conf"
  nginx -t -q -c "$work/nginx.conf" -p "$work"
  echo "deploy/nginx/$site.conf: nginx -t passed"
done
