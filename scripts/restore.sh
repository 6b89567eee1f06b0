#!/usr/bin/env bash
# Restore a dump made by backup.sh into a database (an empty one, or one to be replaced).
#
#   scripts/restore.sh backups/wpsevents-20261127T020000Z.dump postgres://…/wpsevents_restored
#
# The target database must exist (createdb NAME). Objects already there are dropped first.
# Stop the web and worker processes before restoring over the live database.
set -euo pipefail

dump="${1:?usage: restore.sh DUMP [DATABASE_URL]}"
target="${2:-${DATABASE_URL:?give the target database as DATABASE_URL or second argument}}"

pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error \
  --dbname="$target" "$dump"
echo "restored $dump into ${target%%\?*}" | sed -E 's#//[^@/]*@#//#'
