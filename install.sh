#!/usr/bin/env bash
# Build and install hookagent on Debian 12, then show it working in a throwaway repo.
#
#   ./install.sh [--prefix DIR] [--no-demo] [--skip-deps] [--demo-only]
#
#   --demo-only  run only the demo, with the hookagent already installed in the prefix
#
# Idempotent: a second run installs no package, reconfigures the existing build/
# instead of creating it, and rebuilds only what changed.
set -euo pipefail

readonly APT_PACKAGES=(
  meson ninja-build pkg-config g++ git
  libgit2-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
  libcurl4-openssl-dev catch2 libyaml-cpp-dev libre2-dev libvectorscan-dev
  libcpp-httplib-dev ca-certificates bubblewrap
  gitolite3 openssh-client
)
# The smart-HTTP server test (tests/server) also needs nginx and fcgiwrap; they
# are left out here because Debian starts nginx on port 80 when it installs.
# `apt-get install nginx fcgiwrap` to run it; without them it is skipped.

prefix=/usr/local
demo=1
deps=1
build_and_install=1

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
}

while (($#)); do
  case "$1" in
    --prefix) [[ $# -ge 2 ]] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }
              prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --no-demo) demo=0; shift ;;
    --skip-deps) deps=0; shift ;;
    --demo-only) deps=0; build_and_install=0; demo=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

# Meson wants an absolute prefix; accept a relative one the way users type it.
case "$prefix" in
  /*) ;;
  *) prefix="$PWD/$prefix" ;;
esac

source_root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build_dir="$source_root/build"

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  bold=$'\e[1m'; green=$'\e[32m'; red=$'\e[31m'; reset=$'\e[0m'
else
  bold=''; green=''; red=''; reset=''
fi
step_no=0
step() { step_no=$((step_no + 1)); printf '\n%s==> [%d] %s%s\n' "$bold" "$step_no" "$*" "$reset"; }
note() { printf '    %s\n' "$*"; }
die() { printf '%sinstall.sh: %s%s\n' "$red" "$*" "$reset" >&2; exit 1; }

# Root does things directly; anyone else goes through sudo, only where needed.
as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    die "'$*' needs root: run install.sh as root, or install sudo"
  fi
}

is_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

install_missing_packages() {
  step "Debian packages"
  command -v dpkg-query >/dev/null || die "dpkg-query not found: this script targets Debian 12 (use --skip-deps elsewhere)"
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then
    note "all ${#APT_PACKAGES[@]} packages already installed"
    return
  fi
  note "missing: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
  step "Configure ($build_dir, release, prefix $prefix)"
  if [[ -f "$build_dir/build.ninja" ]]; then
    meson configure "$build_dir" -Dbuildtype=release -Dprefix="$prefix"
    note "reconfigured the existing build directory"
  else
    meson setup "$build_dir" "$source_root" --buildtype=release --prefix="$prefix"
  fi

  step "Build"
  ninja -C "$build_dir"
}

install_build() {
  step "Install to $prefix"
  local parent=$prefix
  while [[ ! -e "$parent" ]]; do parent=$(dirname "$parent"); done
  if [[ -w "$parent" ]]; then
    meson install -C "$build_dir" --no-rebuild
  else
    as_root meson install -C "$build_dir" --no-rebuild
  fi
  note "hookagent: $prefix/bin/hookagent"
}

# An AWS-access-key-shaped string made now, so this file never contains one.
# base32 of 10 random bytes is exactly 16 characters of [A-Z2-7], the key id alphabet.
fake_aws_key_id() {
  printf 'AKIA%s' "$(head -c 10 /dev/urandom | base32)"
}

run_demo() {
  local hookagent="$prefix/bin/hookagent"
  [[ -x "$hookagent" ]] || die "$hookagent is missing after install"
  export PATH="$prefix/bin:$PATH"

  demo_repo=$(mktemp -d "${TMPDIR:-/tmp}/hookagent-demo.XXXXXX")
  # Leave nothing behind, whatever happens below.
  trap 'rm -rf "$demo_repo"' EXIT
  local repo=$demo_repo

  step "Demo: a throwaway repo in $repo"
  cd "$repo"
  git init -q -b main .
  git config user.name "hookagent demo"
  git config user.email "demo@example.invalid"
  # The demo shows the offline engine; a provider in the user's own config stays out of it.
  printf '[provider]\nkind = "none"\n' > .git/hookagent.toml
  printf '# demo\n' > README.md
  git add README.md
  git commit -q --no-verify -m "initial commit"
  note "\$ hookagent install"
  "$hookagent" install 2>&1

  step "Demo: committing a (fake) AWS key is blocked"
  local key
  key=$(fake_aws_key_id)
  cat > settings.py <<EOF
# A fake key made by install.sh for this demo; it grants nothing.
AWS_ACCESS_KEY_ID = "$key"
EOF
  git add settings.py
  note "\$ git commit -m 'add settings'"
  set +e
  git commit -m "add settings" 2>&1
  local status=$?
  set -e
  if ((status == 0)); then
    die "the commit with a fake AWS key was NOT blocked: the pre-commit hook did not run or found nothing"
  fi
  printf '%s    blocked (git commit exited %d), as it should be%s\n' "$green" "$status" "$reset"

  step "Demo: the same commit without the key passes"
  cat > settings.py <<'EOF'
import os

# Read the key from the environment; never commit it.
AWS_ACCESS_KEY_ID = os.environ["AWS_ACCESS_KEY_ID"]
EOF
  git add settings.py
  note "\$ git commit -m 'add settings'"
  git commit -m "add settings" 2>&1 || die "the clean commit was blocked"
  printf '%s    committed%s\n' "$green" "$reset"
  git log --oneline

  step "Demo: hookagent doctor"
  "$hookagent" doctor 2>&1

  cd "$source_root"
}

if ((deps)); then install_missing_packages; fi
if ((build_and_install)); then
  build
  install_build
fi
if ((demo)); then run_demo; fi

step "Done"
note "hookagent is installed in $prefix/bin; in any repo run: hookagent install"
note "tests: meson test -C $build_dir"
