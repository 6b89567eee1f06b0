#!/usr/bin/env bash
# Install WPS Events on Debian 12, or bring an installation in line again: safe to run again.
#
#   sudo /srv/wpsevents/deploy/install.sh --domain events.example.org \
#       --email-url 'smtp+tls://user:password@smtp.example.org:587' \
#       --operators ops@example.org --local-services
#
# It serves the checkout it belongs to (clone the code to /srv/wpsevents first). The first run
# writes /etc/wpsevents/env from the options below; later runs keep that file as it is.
#
#   --domain NAME           the site's public name (first run; later read back from the env file)
#   --email-url URL         the SMTP server the emails leave by (first run)
#   --from-email ADDRESS    their sender (first run; default events@NAME)
#   --operators ADDRESSES   comma-separated, emailed when a service or a timer fails (first run)
#   --database-url URL      first run; default postgres:///wpsevents (PostgreSQL on this machine,
#                           through its socket as the service user: no password)
#   --cache-url URL         first run; default redis://127.0.0.1:6379/0
#   --local-services        install PostgreSQL and Redis here, with the database and its role
#   --listen ADDRESS:PORT   where the web socket listens (default 127.0.0.1:8000)
#   --no-nginx              an app server behind a load balancer: no nginx, no certificate
#   --no-migrate            leave the migrations to another app server
#   --no-packages           leave the Debian packages as they are (upgrades)
#   --no-restart            restart no running service (deploy/upgrade.sh restarts them itself)
#   --user NAME             the service user (default wpsevents)
#   --prefix DIR            write everything under DIR instead of /, and nothing elsewhere:
#                           no packages, no user, no systemctl, no nginx reload (CI)
set -euo pipefail

APP_DIR="$(cd "$(dirname "$0")/.." && pwd)"
DOMAIN="" EMAIL_URL="" FROM_EMAIL="" OPERATORS="" DATABASE_URL="" CACHE_URL=""
LOCAL_SERVICES=0 LISTEN="127.0.0.1:8000" NGINX=1 MIGRATE=1 PACKAGES=1 RESTART=1
SERVICE_USER="wpsevents" PREFIX=""

die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --domain) DOMAIN="${2:?}"; shift ;;
    --email-url) EMAIL_URL="${2:?}"; shift ;;
    --from-email) FROM_EMAIL="${2:?}"; shift ;;
    --operators) OPERATORS="${2:?}"; shift ;;
    --database-url) DATABASE_URL="${2:?}"; shift ;;
    --cache-url) CACHE_URL="${2:?}"; shift ;;
    --local-services) LOCAL_SERVICES=1 ;;
    --listen) LISTEN="${2:?}"; shift ;;
    --no-nginx) NGINX=0 ;;
    --no-migrate) MIGRATE=0 ;;
    --no-packages) PACKAGES=0 ;;
    --no-restart) RESTART=0 ;;
    --user) SERVICE_USER="${2:?}"; shift ;;
    --prefix) PREFIX="$(realpath -m "${2:?}")"; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (--help lists them)" ;;
  esac
  shift
done

[ -f "$APP_DIR/manage.py" ] || die "$APP_DIR is not a WPS Events checkout"
if [ -z "$PREFIX" ] && [ "$(id -u)" -ne 0 ]; then die "run it as root (sudo $0 …)"; fi

ENV_FILE="$PREFIX/etc/wpsevents/env"
STATE_DIR="$PREFIX/var/lib/wpsevents"
BACKUP_DIR="$PREFIX/var/backups/wpsevents"
WEBROOT="$PREFIX/var/www/letsencrypt"
MANAGE="$PREFIX/usr/local/bin/wpsevents-manage"
UNIT_DIR="$PREFIX/etc/systemd/system"
NGINX_DIR="$PREFIX/etc/nginx"
LETSENCRYPT="$PREFIX/etc/letsencrypt"
NGINX_LOGS="$PREFIX/var/log/nginx"
VENV="$APP_DIR/.venv"
# Debian's own Python, which the service user can run (not one in someone's home).
PYTHON=/usr/bin/python3
SAFE_PATH="/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin"

step_number=0
step() { step_number=$((step_number + 1)); printf '==> %d. %s\n' "$step_number" "$*"; }
on_system() { [ -z "$PREFIX" ]; }
systemd_runs() { on_system && [ -d /run/systemd/system ]; }
as_root() { [ "$(id -u)" -eq 0 ]; }

# A value as both sh and systemd's EnvironmentFile= read it the same: bare when it holds no
# character either treats specially, in single quotes (no escapes in either) otherwise.
env_value() {
  case "$1" in
    *"'"* | *$'\n'*) die "a value cannot hold a single quote or a line break: $1" ;;
  esac
  if [[ "$1" =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then printf '%s' "$1"; else printf "'%s'" "$1"; fi
}

# A value of the env file, as sh reads it (the wrapper and the units read it the same way).
env_get() { sh -c 'set -a; . "$1"; eval "printf %s \"\${$2:-}\""' sh "$ENV_FILE" "$1"; }

# A file of deploy/ with this installation's names and paths in place of the defaults.
render() {
  sed -e "s#/srv/wpsevents#$APP_DIR#g" \
    -e "s#/etc/wpsevents/env#$ENV_FILE#g" \
    -e "s#/var/lib/wpsevents#$STATE_DIR#g" \
    -e "s#/var/backups/wpsevents#$BACKUP_DIR#g" \
    -e "s#/var/www/letsencrypt#$WEBROOT#g" \
    -e "s#/usr/local/bin/wpsevents-manage#$MANAGE#g" \
    -e "s#/etc/letsencrypt/#$LETSENCRYPT/#g" \
    -e "s#/var/log/nginx/#$NGINX_LOGS/#g" \
    -e "s#^User=wpsevents\$#User=$SERVICE_USER#" \
    -e "s#^Group=wpsevents\$#Group=$SERVICE_GROUP#" \
    -e "s#-o wpsevents -g wpsevents#-o $SERVICE_USER -g $SERVICE_GROUP#" \
    -e "s#^SERVICE_USER=wpsevents\$#SERVICE_USER=$SERVICE_USER#" \
    -e "s#events\.example\.org#$DOMAIN#g" \
    -e "s#127\.0\.0\.1:8000#$LISTEN#g" \
    "$1"
}

# Write a file only when its content changes, so that a second run changes nothing.
put() {
  local target="$1" mode="$2" tmp
  tmp="$(mktemp)"
  cat >"$tmp"
  if [ -f "$target" ] && cmp -s "$tmp" "$target"; then rm -f "$tmp"; else
    install -D -m "$mode" "$tmp" "$target" && rm -f "$tmp"
  fi
  chmod "$mode" "$target"
}

step "packages"
if on_system && [ "$PACKAGES" = 1 ]; then
  packages=(python3-venv git gettext libpango-1.0-0 libpangoft2-1.0-0 libicu-dev pkg-config g++ python3-dev postgresql-client openssl)
  [ "$NGINX" = 1 ] && packages+=(nginx certbot)
  [ "$LOCAL_SERVICES" = 1 ] && packages+=(postgresql redis-server)
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
else
  echo "    left as they are"
fi

step "the service user, $SERVICE_USER"
if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
  on_system || die "with --prefix the service user must exist: $SERVICE_USER"
  adduser --system --group --home /var/lib/wpsevents --no-create-home \
    --shell /usr/sbin/nologin "$SERVICE_USER"
fi
SERVICE_GROUP="$(id -gn "$SERVICE_USER")"
if ! as_root && [ "$SERVICE_USER" != "$(id -un)" ]; then
  die "without root, --user must be you ($(id -un))"
fi

if [ "$LOCAL_SERVICES" = 1 ] && on_system; then
  step "PostgreSQL and Redis on this machine"
  systemd_runs && systemctl enable --now postgresql redis-server
  if ! runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$SERVICE_USER'" \
    | grep -q 1; then
    runuser -u postgres -- createuser "$SERVICE_USER"
  fi
  if ! runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'wpsevents'" \
    | grep -q 1; then
    runuser -u postgres -- createdb --owner "$SERVICE_USER" wpsevents
  fi
fi

step "the env file, $ENV_FILE"
if [ ! -f "$ENV_FILE" ]; then
  [ -n "$DOMAIN" ] || die "the first run needs --domain"
  [ -n "$EMAIL_URL" ] || die "the first run needs --email-url (smtp+tls://user:password@host:587)"
  secret_key="$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')"
  install -d -m 755 "$(dirname "$(dirname "$ENV_FILE")")"
  install -d -m 750 "$(dirname "$ENV_FILE")"
  put "$ENV_FILE" 640 <<EOF
# WPS Events settings, written by deploy/install.sh; every variable is described in
# .env.example. Read by systemd (EnvironmentFile=) and by sh (wpsevents-manage) alike: quote
# a value that holds spaces, <, >, ;, \$ or quotes, with single quotes.
DEBUG=false
SECRET_KEY=$(env_value "$secret_key")
ALLOWED_HOSTS=$(env_value "$DOMAIN")
CSRF_TRUSTED_ORIGINS=$(env_value "https://$DOMAIN")
SITE_URL=$(env_value "https://$DOMAIN")
DATABASE_URL=$(env_value "${DATABASE_URL:-postgres:///wpsevents}")
CACHE_URL=$(env_value "${CACHE_URL:-redis://127.0.0.1:6379/0}")
EMAIL_URL=$(env_value "$EMAIL_URL")
DEFAULT_FROM_EMAIL=$(env_value "WPS Events <${FROM_EMAIL:-events@$DOMAIN}>")
PRIVACY_CONTACT_EMAIL=$(env_value "privacy@$DOMAIN")
OPERATOR_EMAILS=$(env_value "$OPERATORS")
TRUSTED_PROXIES=127.0.0.1,::1
MEDIA_ROOT=$(env_value "$STATE_DIR/media")
STATIC_ROOT=$(env_value "$STATE_DIR/static")
EOF
  echo "    written, with a new SECRET_KEY"
else
  echo "    kept as it is"
fi
as_root && chown "root:$SERVICE_GROUP" "$ENV_FILE" "$(dirname "$ENV_FILE")"
chmod 640 "$ENV_FILE"
chmod 750 "$(dirname "$ENV_FILE")"
if ! problem="$(sh -c 'set -a; . "$1"' sh "$ENV_FILE" 2>&1)" || [ -n "$problem" ]; then
  die "$ENV_FILE does not load in sh: $problem
    Put single quotes around every value with spaces, <, >, ;, \$, & or quotes (docs/deploy.md)."
fi
# Installations from before the static files left the code: their folders, in the env file.
for setting in "MEDIA_ROOT=$STATE_DIR/media" "STATIC_ROOT=$STATE_DIR/static"; do
  if [ -z "$(env_get "${setting%%=*}")" ]; then
    printf '%s=%s\n' "${setting%%=*}" "$(env_value "${setting#*=}")" >>"$ENV_FILE"
    echo "    added ${setting}"
  fi
done
site_url="$(env_get SITE_URL)"
DOMAIN="${DOMAIN:-$(printf '%s' "${site_url#*://}" | cut -d/ -f1 | cut -d: -f1)}"
MEDIA_ROOT="$(env_get MEDIA_ROOT)"
STATIC_ROOT="$(env_get STATIC_ROOT)"
[ -n "$MEDIA_ROOT" ] && [ -n "$STATIC_ROOT" ] || die "$ENV_FILE must set MEDIA_ROOT and STATIC_ROOT"

step "folders: the code is root's; only media, static files and backups are $SERVICE_USER's"
if as_root; then
  chown -R root:root "$APP_DIR"
fi
chmod -R go-w "$APP_DIR"
install -d -m 755 "$STATE_DIR" "$WEBROOT"
for folder in "$MEDIA_ROOT:750" "$STATIC_ROOT:755" "$BACKUP_DIR:700"; do
  install -d -m "${folder##*:}" "${folder%:*}"
  as_root && chown "$SERVICE_USER:$SERVICE_GROUP" "${folder%:*}"
done

step "the virtual environment, $VENV"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
# Installed again only when the dependencies may have changed: pip would keep them as they are.
wanted="$(sha256sum "$APP_DIR/pyproject.toml" | cut -d' ' -f1)"
if [ "$(cat "$VENV/.installed-from" 2>/dev/null)" != "$wanted" ]; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -e "$APP_DIR"
  printf '%s\n' "$wanted" >"$VENV/.installed-from"
else
  echo "    up to date with pyproject.toml"
fi

step "the command wrapper, $MANAGE"
render "$APP_DIR/deploy/wpsevents-manage" | put "$MANAGE" 755

step "the translation catalogues (compiled into the code, as root)"
(cd "$APP_DIR" && env -i PATH="$SAFE_PATH" LANG=C.UTF-8 \
  "$VENV/bin/python" manage.py compilemessages --ignore=.venv --verbosity 0)

step "the static files, into $STATIC_ROOT"
"$MANAGE" collectstatic --no-input --verbosity 0

if [ "$MIGRATE" = 1 ]; then
  step "the database migrations"
  "$MANAGE" migrate --no-input --verbosity 1
fi

step "the deployment checks"
"$MANAGE" check --deploy

step "the systemd units and timers, in $UNIT_DIR"
for unit in "$APP_DIR"/deploy/systemd/wpsevents-*; do
  render "$unit" | put "$UNIT_DIR/$(basename "$unit")" 644
done
timers=(wpsevents-backup.timer wpsevents-requeue-emails.timer wpsevents-purge-personal-data.timer
  wpsevents-send-reminders.timer)
if systemd_runs; then
  systemctl daemon-reload
  # Before the socket, gunicorn listened itself: it must let go of the address first.
  if ! systemctl is-active --quiet wpsevents-web.socket; then
    systemctl stop wpsevents-web.service
  fi
  systemctl enable --quiet wpsevents-web.socket wpsevents-web.service wpsevents-worker.service \
    "${timers[@]}"
  systemctl start wpsevents-web.socket "${timers[@]}"
  if [ "$RESTART" = 1 ]; then
    # Started, or started again on the code and settings now installed.
    systemctl restart wpsevents-web.service wpsevents-worker.service
  fi
else
  echo "    systemd is not running here: the units are written, and nothing is started"
fi

if [ "$NGINX" = 1 ]; then
  step "the nginx site, for $DOMAIN"
  render "$APP_DIR/deploy/nginx/wpsevents.conf" \
    | put "$NGINX_DIR/sites-available/wpsevents" 644
  render "$APP_DIR/deploy/nginx/wpsevents-bootstrap.conf" \
    | put "$NGINX_DIR/sites-available/wpsevents-bootstrap" 644
  put "$LETSENCRYPT/renewal-hooks/deploy/wpsevents-reload-nginx" 755 \
    <"$APP_DIR/deploy/nginx/certbot-deploy-hook"
  mkdir -p "$NGINX_DIR/sites-enabled" "$NGINX_LOGS"
  # Debian's default site claims default_server too; this site refuses unknown names itself.
  rm -f "$NGINX_DIR/sites-enabled/default"
  if [ -f "$LETSENCRYPT/live/$DOMAIN/fullchain.pem" ]; then
    site=wpsevents
    rm -f "$NGINX_DIR/sites-enabled/wpsevents-bootstrap"
  else
    site=wpsevents-bootstrap
    rm -f "$NGINX_DIR/sites-enabled/wpsevents"
  fi
  ln -sfn "../sites-available/$site" "$NGINX_DIR/sites-enabled/$site"
  echo "    enabled: $site"
  if on_system; then
    nginx -t -q
    if systemd_runs; then systemctl reload-or-restart nginx; fi
  fi
  if [ "$site" = wpsevents-bootstrap ]; then
    cat <<EOF
    No certificate for $DOMAIN yet: plain HTTP answers only certbot's challenge. Once the
    name points at this machine:
      certbot certonly --webroot -w $WEBROOT -d $DOMAIN -m <your address> --agree-tos -n
      $0
EOF
  fi
fi

echo "==> done: $DOMAIN installed from $APP_DIR"
