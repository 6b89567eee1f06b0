#!/usr/bin/env bash
# Upgrade WPS Events to the newest code of the branch it follows, in numbered steps:
#
#   sudo /srv/wpsevents/deploy/upgrade.sh [--no-migrate]
#
#   1. pull the code (fast-forward only: local changes stop the upgrade before anything else);
#   2. install it: deploy/install.sh, as pulled, without packages or restarts — the Python
#      packages (when pyproject.toml changed), compilemessages, collectstatic, migrate (unless
#      --no-migrate: on every app server but one), the units and the nginx site;
#   3. restart the web service: gunicorn loads the new code (a reload would not: the code is
#      loaded once, before the workers fork). The socket stays open meanwhile, so requests
#      made during the restart wait for it, about two seconds, and none is refused;
#   4. restart the email worker, which finishes the email in hand first.
set -euo pipefail

# All of it is read before it runs: step 1 may replace this very file.
main() {
  local APP_DIR install_options before
  APP_DIR="$(cd "$(dirname "$0")/.." && pwd)"
  install_options=(--no-packages --no-restart)
  while [ $# -gt 0 ]; do
    case "$1" in
      --no-migrate | --prefix | --user)
        install_options+=("$1")
        if [ "$1" != --no-migrate ]; then install_options+=("${2:?}"); shift; fi ;;
      *) echo "upgrade.sh: unknown option $1" >&2; exit 1 ;;
    esac
    shift
  done

  echo "==> 1. pull the code"
  before="$(git -C "$APP_DIR" rev-parse --short HEAD)"
  git -C "$APP_DIR" pull --ff-only --quiet
  echo "    $before -> $(git -C "$APP_DIR" rev-parse --short HEAD)"

  echo "==> 2. install it"
  "$APP_DIR/deploy/install.sh" "${install_options[@]}" | sed 's/^/    /'

  if [ -d /run/systemd/system ] && [[ " ${install_options[*]} " != *" --prefix "* ]]; then
    echo "==> 3. restart the web service (requests wait a few seconds, none is refused)"
    systemctl restart wpsevents-web.service
    echo "==> 4. restart the email worker"
    systemctl restart wpsevents-worker.service
    systemctl is-active --quiet wpsevents-web.service wpsevents-worker.service
    echo "==> done: $(git -C "$APP_DIR" log -1 --format='%h %s')"
  else
    echo "==> 3. and 4. systemd is not running here: restart wpsevents-web and wpsevents-worker"
  fi
}

main "$@"
exit
