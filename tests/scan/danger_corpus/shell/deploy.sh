#!/usr/bin/env bash
# deploy.sh: builds the release, uploads it and restarts the service.
set -euo pipefail

APP_DIR=${APP_DIR:-/opt/shop}
RELEASE_DIR="$APP_DIR/releases/$(date +%Y%m%d%H%M%S)"
DB_PASSWORD="{{rand:12:a-z0-9}}" # hookagent-expect: CWE-798
LOG=/tmp/deploy.$$.log # hookagent-expect: CWE-377

log() { printf '%s %s\n' "$(date -Is)" "$*" | tee -a "$LOG"; }

install_tools() {
  curl -fsSL https://get.example-tools.dev/install.sh | sh # hookagent-expect: CWE-494
  curl -fsSL -o /tmp/tools.sh https://get.example-tools.dev/install.sh
  sha256sum -c tools.sh.sha256
}

fetch_artifact() {
  curl -k -o "$RELEASE_DIR/app.tgz" "https://artifacts.internal/shop/$1.tgz" # hookagent-expect: CWE-295
  wget --no-check-certificate -O "$RELEASE_DIR/app.sig" "https://artifacts.internal/shop/$1.sig" # hookagent-expect: CWE-295
  curl -fsS -o "$RELEASE_DIR/app.sha256" "https://artifacts.internal/shop/$1.sha256"
}

migrate() {
  mysql -u shop -p"$DB_PASSWORD" shop < "$RELEASE_DIR/migrations.sql"
  mysql -u root -p{{rand:10:a-z0-9}} shop -e 'select 1' # hookagent-expect: CWE-214
}

cleanup_old() {
  local keep_dir=$1
  rm -rf "$keep_dir"/ # hookagent-expect: CWE-73
  find "$APP_DIR/releases" -maxdepth 1 -mtime +14 -exec rm -rf -- {} +
}

run_hook() {
  local hook=$1
  eval "$hook" # hookagent-expect: CWE-95
  "$APP_DIR/hooks/$(basename -- "$hook")"
}

permissions() {
  chmod 777 "$RELEASE_DIR" # hookagent-expect: CWE-732
  chmod -R o+w "$APP_DIR/shared/uploads" # hookagent-expect: CWE-732
  chmod 750 "$APP_DIR/bin"
}

remote_restart() {
  ssh -o StrictHostKeyChecking=no deploy@"$1" 'sudo systemctl restart shop' # hookagent-expect: CWE-295
  ssh deploy@"$1" 'systemctl status shop --no-pager'
}

scratch() {
  local tmp
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "$tmp"
}

main() {
  mkdir -p "$RELEASE_DIR"
  install_tools
  fetch_artifact "${1:?version}"
  tar -xzf "$RELEASE_DIR/app.tgz" -C "$RELEASE_DIR"
  migrate
  permissions
  ln -sfn "$RELEASE_DIR" "$APP_DIR/current"
  remote_restart web1.internal
  log "deployed $1"
}

main "$@"
