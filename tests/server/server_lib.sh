# Shared by the tests in this folder (sourced, not run): a scratch HOME, fake
# secrets made at run time, servers started on a free loopback port and
# stopped on exit, and the checks every server must pass (push_contract).
set -uo pipefail

failed=0
pass() { echo "ok: $*"; }
bad() { echo "FAILED: $*"; failed=1; }
skip() { echo "skip: $*"; exit 77; }
# need TOOL... : skip (77) naming the Debian package when a tool is missing.
need() {
  local tool
  for tool; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || skip "${tool%%:*} is not installed (apt-get install ${tool#*:})"
  done
}
finish() {
  if ((failed)); then echo "some checks FAILED"; else echo "all checks passed"; fi
  exit "$failed"
}

hookagent=${HOOKAGENT_BIN:-}
[[ -x $hookagent ]] || skip "HOOKAGENT_BIN is not set to the built binary (run through meson test)"
need git python3:python3

T=$(mktemp -d "${TMPDIR:-/tmp}/hookagent-server.XXXXXX")
# Servers to stop on exit: a pid, or -pgid for one that forks workers (started
# with setsid, so that its whole group goes).
started_pids=()
stop_servers() {
  local p
  for p in "${started_pids[@]}"; do kill -- "$p" 2>/dev/null; done
  for p in "${started_pids[@]}"; do wait "${p#-}" 2>/dev/null; done
  started_pids=()
}
trap 'stop_servers; rm -rf "$T"' EXIT

export HOME=$T/home XDG_CONFIG_HOME=$T/home/.config GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
export GIT_AUTHOR_NAME="Test Author" GIT_AUTHOR_EMAIL=author@example.invalid
export GIT_COMMITTER_NAME="Test Committer" GIT_COMMITTER_EMAIL=committer@example.invalid
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global advice.detachedHead false

# A port nothing listens on now (the kernel's pick; a race with another
# process taking it first is possible, and shows as the server failing to start).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# wait_port PORT PID: until something accepts on 127.0.0.1:PORT (10 s), or PID died.
wait_port() {
  local i
  for ((i = 0; i < 100; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# An AWS access key id of the right shape, random on every run: it never was a
# real key, and no file of ours holds one (rules/README.md, "Samples").
fake_aws_key() {
  local tail
  tail=$(python3 -c 'import random; print("".join(random.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)))')
  printf 'AK%s%s' "IA" "$tail"
}

# What a push could leave behind: every ref, every object file, the counts.
server_state() {
  git -C "$1" for-each-ref --format='%(objectname) %(refname)'
  (cd "$1/objects" && find . -type f | LC_ALL=C sort)
  git -C "$1" count-objects -v
}
same_state() { [[ "$(server_state "$1")" == "$2" ]]; }
# The same without git's quarantine dirs (objects/tmp_objdir-incoming-*): git
# 2.39 leaves one behind when the pusher vanishes while pre-receive runs, with
# or without hookagent; no ref or object store sees it, and `git prune` (run by
# gc, after gc.pruneExpire) removes it.
store_state() { server_state "$1" | grep -v -e '^\./tmp_objdir-' -e '^garbage' -e '^size-garbage'; }
fsck_clean() { git -C "$1" fsck --full --no-progress >"$T/fsck.log" 2>&1; }

# A client clone's first commit, or a clean commit on top.
new_client() {
  rm -rf "$1"
  git init -q "$1"
  printf 'hello\n' >"$1/README.md"
  git -C "$1" add README.md
  git -C "$1" commit -q -m "first commit"
}
commit_file() {  # commit_file DIR PATH CONTENT MESSAGE
  mkdir -p "$(dirname "$1/$2")"
  printf '%s\n' "$3" >"$1/$2"
  git -C "$1" add -- "$2"
  git -C "$1" commit -q --no-verify -m "$4"
}

# push_contract NAME URL SERVER_GIT_DIR [git -c options...]: what every server
# must do with hookagent's pre-receive in place.
#   1. a clean push is accepted;
#   2. a push whose older commit carries a key is refused, the remote: lines
#      name that commit, the file and line, and how to get past it; the server
#      keeps no object and no ref of it, and fsck stays clean;
#   3. the same key pushed after a .hookagent.toml, .gitleaks.toml, both
#      ignore files and inline allow comments that would let it through (if
#      read) is still refused, leaving nothing;
#   4. the server's own allow list (its hookagentignore, as the refusal says)
#      lets the first push through: the allow path the message names works.
push_contract() {
  local name=$1 url=$2 server=$3
  shift 3
  local gitopts=("$@") client=$T/client-$name out key commit fp before
  new_client "$client"
  if git -C "$client" "${gitopts[@]}" push -q "$url" main >"$T/out" 2>&1 &&
     [[ "$(git -C "$server" rev-parse refs/heads/main 2>/dev/null)" == "$(git -C "$client" rev-parse HEAD)" ]]; then
    pass "$name: a clean push is accepted"
  else
    bad "$name: a clean push: $(cat "$T/out")"
  fi

  before=$(server_state "$server")
  key=$(fake_aws_key)
  commit_file "$client" config/keys.py "aws_access_key_id = $key" "add settings"
  commit=$(git -C "$client" rev-parse --short=12 HEAD)
  commit_file "$client" docs/notes.md "nothing secret here" "later clean commit"
  git -C "$client" "${gitopts[@]}" push "$url" main >"$T/out" 2>&1
  local rc=$?
  out=$(cat "$T/out")
  if ((rc != 0)) && grep -q '^remote: .*config/keys.py:1:' <<<"$out" &&
     grep -q "^remote: .*$commit" <<<"$out" && grep -q '^remote: .*git rebase -i' <<<"$out" &&
     grep -q '^remote: .*hookagentignore' <<<"$out"; then
    pass "$name: a key in an older commit is refused; remote: names commit $commit, config/keys.py:1 and the ways past"
  else
    bad "$name: the push of a key (exit $rc):"$'\n'"$out"
  fi
  grep -q "${key:4}" <<<"$out" && bad "$name: the refusal shows the key unmasked"
  if same_state "$server" "$before" && fsck_clean "$server"; then
    pass "$name: the refused push left no object and no ref, fsck clean"
  else
    bad "$name: the refused push changed the server:"$'\n'"$(diff <(echo "$before") <(server_state "$server"))"$'\n'"$(cat "$T/fsck.log")"
  fi
  fp=$(sed -n 's/.*suppress: .* add \([^ ]*\) to .*hookagentignore.*/\1/p' <<<"$out" | head -n1)
  [[ -n $fp ]] || bad "$name: no fingerprint in the suppress line"

  # 3. Everything a committer could try, on a branch from the clean commit.
  git -C "$client" checkout -q -b hostile HEAD~2
  commit_file "$client" .hookagent.toml $'[hooks.pre-receive]\nenabled = false\nblock_on = "never"\ninline_allow = true\n[scan]\npacks = []\nexclude_paths = ["config/"]' "config"
  commit_file "$client" .gitleaks.toml $'[extend]\nuseDefault = true\ndisabledRules = ["aws-access-token"]\n[[allowlists]]\npaths = [\'\'\'.*\'\'\']\n[[allowlists]]\nregexes = [\'\'\'.\'\'\']' "gitleaks config"
  commit_file "$client" .hookagentignore "$fp" "ignore"
  commit_file "$client" .gitleaksignore "config/keys.py:aws-access-token:1" "gitleaks ignore"
  commit_file "$client" config/keys.py "aws_access_key_id = $key  # hookagent:allow gitleaks:allow" "allowed, says the committer"
  git -C "$client" "${gitopts[@]}" push "$url" hostile >"$T/out" 2>&1
  rc=$?
  if ((rc != 0)) && grep -q '^remote: .*config/keys.py:1:' "$T/out" && same_state "$server" "$before"; then
    pass "$name: a pushed .hookagent.toml, .gitleaks.toml, ignore files and allow comments do not weaken it"
  else
    bad "$name: the hostile push (exit $rc):"$'\n'"$(cat "$T/out")"
  fi

  # 4. The server's own allow list, as the message says.
  if [[ -n $fp ]]; then
    printf '%s\n' "$fp" >"$server/hookagentignore"
    if git -C "$client" "${gitopts[@]}" push -q "$url" main >"$T/out" 2>&1; then
      pass "$name: the fingerprint in the server's hookagentignore lets that push through"
    else
      bad "$name: allowed on the server, still refused:"$'\n'"$(cat "$T/out")"
    fi
    rm -f "$server/hookagentignore"
  fi
}

# A git daemon serving (and accepting pushes into) the repositories under DIR on
# a free loopback port, stopped at exit; sets $port and $daemon_pid.
start_git_daemon() {  # start_git_daemon DIR
  port=$(free_port)
  git daemon --reuseaddr --export-all --enable=receive-pack --base-path="$1" \
    --listen=127.0.0.1 --port="$port" "$1" >"$T/daemon.log" 2>&1 &
  daemon_pid=$!
  started_pids+=("$daemon_pid")
  wait_port "$port" "$daemon_pid" || { bad "git daemon did not start: $(cat "$T/daemon.log")"; finish; }
}
