#!/usr/bin/env bash
# Back up the database (pg_dump, custom format) and the uploaded files, keeping BACKUP_KEEP_DAYS.
#
#   DATABASE_URL=postgres://wpsevents:…@127.0.0.1:5432/wpsevents scripts/backup.sh [DIR]
#
# DIR defaults to $BACKUP_DIR or ./backups. Prints the path of the database dump it wrote.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
dir="${1:-${BACKUP_DIR:-backups}}"
keep_days="${BACKUP_KEEP_DAYS:-14}"
media="${MEDIA_ROOT:-$(dirname "$0")/../media}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

mkdir -p "$dir"
chmod 700 "$dir"  # the dumps hold personal data
dump="$dir/wpsevents-$stamp.dump"
pg_dump --format=custom --no-owner --no-privileges --file="$dump.partial" "$DATABASE_URL"
mv "$dump.partial" "$dump"
if [ -d "$media" ]; then
  tar -czf "$dir/media-$stamp.tar.gz" -C "$media" .
fi
find "$dir" -maxdepth 1 -type f \( -name 'wpsevents-*.dump' -o -name 'media-*.tar.gz' \) \
  -mtime +"$keep_days" -delete
echo "$dump"
