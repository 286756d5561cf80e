#!/usr/bin/env bash
# Back up or restore the PostgreSQL database (README, "Backups").
#   deploy/backup.sh dump    FILE   # pg_dump -Fc of DATABASE_URL into FILE
#   deploy/backup.sh restore FILE   # into DATABASE_URL, which must be an EMPTY database
# The database is the whole record: articles, claims, verdicts, sources, archived copies,
# what is pending. Redis holds only messages and caches, rebuilt by beat's sweeps.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL (postgres://user:pass@host:5432/db)}"
action=${1:?dump or restore}
file=${2:?file}
case "$action" in
  dump)
    # Custom format: compressed, restorable table by table, and in parallel (-j).
    pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$file"
    ;;
  restore)
    # --exit-on-error: a half-restored database must not look like a good one.
    pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$file"
    ;;
  *)
    echo "usage: $0 dump|restore FILE" >&2
    exit 2
    ;;
esac
