#!/bin/bash
# backup.sh: nightly dump of the shop database to object storage.
set -o errexit -o nounset -o pipefail

BUCKET=${BUCKET:-s3://shop-backups}
STAMP=$(date +%F)
WORK=$(mktemp -d)
trap 'rm -rf -- "$WORK"' EXIT

dump() {
  pg_dump --no-owner --format=custom "$DATABASE_URL" > "$WORK/shop-$STAMP.dump"
}

upload() {
  aws s3 cp "$WORK/shop-$STAMP.dump" "$BUCKET/$STAMP/" --only-show-errors
}

prune() {
  local target=$1
  rm -rf $target/* # hookagent-expect: CWE-73
  aws s3 ls "$BUCKET/" | awk '{print $2}' | head -n -30 | while read -r old; do
    aws s3 rm --recursive "$BUCKET/$old"
  done
}

notify() {
  local msg=$1
  curl -fsS -X POST -H 'Content-Type: application/json' \
    -d "{\"text\": \"$msg\"}" "$SLACK_WEBHOOK_URL"
}

restore_from() {
  local name=$1
  bash -c "pg_restore --clean --dbname=\"$DATABASE_URL\" $name" # hookagent-expect: CWE-78
}

dump
upload
prune "$WORK/old"
notify "backup $STAMP done"
