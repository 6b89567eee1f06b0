#!/usr/bin/env bash
# Check deploy/nginx.conf with `nginx -t`, using a throwaway self-signed certificate in place of
# the real one. Needs nginx (Debian's nginx-light will do) and openssl.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=events.example.org" \
  -keyout "$work/privkey.pem" -out "$work/fullchain.pem" 2>/dev/null
sed -e "s#/etc/letsencrypt/live/events.example.org/#$work/#" \
  -e "s#/var/log/nginx/#$work/#" -e "s#^pid .*#pid $work/nginx.pid;#" \
  deploy/nginx.conf > "$work/nginx.conf"
nginx -t -q -c "$work/nginx.conf" -p "$work"
echo "deploy/nginx.conf: nginx -t passed"
