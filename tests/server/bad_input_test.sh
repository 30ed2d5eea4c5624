#!/usr/bin/env bash
# A git daemon with hookagent's pre-receive, under bad input (issue 14, "Bad
# input"): a push of 10,000 commits (git fast-import), a corrupt pack, a
# pusher that hangs up halfway and one killed mid-push, two pushes racing on
# one ref, a 100 MB file. Each time: the server stays up, a refused push leaves
# no object and no ref, fsck stays clean, and a refusal says what to do.
# Prints the times (and the peak memory of the 100 MB push) it measured.
# HOOKAGENT_BAD_INPUT_MB overrides the size of the large file (e.g. 1024 once by hand).
source "$(dirname "${BASH_SOURCE[0]}")/server_lib.sh"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
need /usr/bin/time:time

srv=$T/srv
repo=$srv/repo.git
git init -q --bare "$repo"
(cd "$repo" && "$hookagent" install --server >"$T/install.log" 2>&1) || bad "install --server: $(cat "$T/install.log")"
start_git_daemon "$srv"
url=git://127.0.0.1:$port/repo.git
alive() { kill -0 "$daemon_pid" 2>/dev/null && git ls-remote "$url" >/dev/null 2>&1; }
seconds() { python3 -c 'import time; print(f"{time.monotonic():.3f}")'; }
elapsed() { python3 -c "print(f'{$(seconds) - $1:.1f}')"; }
# settled BEFORE: the server's state is BEFORE again within 30 s (a receive-pack
# whose client vanished may take a moment to notice and clean up).
settled() {
  local i
  for ((i = 0; i < 60; i++)); do same_state "$repo" "$1" && return 0; sleep 0.5; done
  return 1
}

client=$T/client
new_client "$client"
git -C "$client" push -q "$url" main || { bad "first push"; finish; }

# --- 10,000 commits, made with git fast-import ----------------------------
# history BRANCH N KEY_AT: N commits on top of main, each changing one of 50
# files; commit KEY_AT (if > 0) adds config/keys.py with a key.
history() {
  python3 - "$1" "$2" "$3" "$(fake_aws_key)" "$(git -C "$client" rev-parse main)" <<'PY' |
import sys
branch, n, key_at, key, parent = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
out = sys.stdout.buffer
for i in range(1, n + 1):
    if i == key_at:
        path, body = "config/keys.py", f"aws_access_key_id = {key}\n"
    else:
        path, body = f"src/part{i % 50}.txt", f"value {i}\n"
    msg = f"change {i}\n"
    data = body.encode()
    out.write(f"commit refs/heads/{branch}\nmark :{i}\n".encode())
    out.write(f"committer Test <t@example.invalid> {1700000000 + i} +0000\n".encode())
    out.write(f"data {len(msg)}\n{msg}".encode())
    if i == 1:
        out.write(f"from {parent}\n".encode())
    out.write(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
PY
    git -C "$client" fast-import --quiet --export-marks="$T/marks"
}
history big-clean 10000 0 || bad "fast-import of 10,000 commits"
t0=$(seconds)
if git -C "$client" push -q "$url" big-clean >"$T/out" 2>&1; then
  pass "a clean push of 10,000 commits is accepted ($(elapsed "$t0") s)"
else
  bad "the clean 10,000-commit push: $(cat "$T/out")"
fi
history big-key 10000 5000 || bad "fast-import of 10,000 commits with a key"
key_commit=$(sed -n 's/^:5000 //p' "$T/marks" | cut -c1-12)
before=$(server_state "$repo")
t0=$(seconds)
git -C "$client" push "$url" big-key >"$T/out" 2>&1
rc=$?
if ((rc != 0)) && grep -q "^remote: .*config/keys.py:1:.*$key_commit" "$T/out" && grep -q '^remote: .*git rebase -i' "$T/out"; then
  pass "10,000 commits with a key in the 5,000th: refused, naming commit $key_commit and config/keys.py:1 ($(elapsed "$t0") s)"
else
  bad "the 10,000-commit push with a key (exit $rc): $(tail -20 "$T/out")"
fi
settled "$before" && fsck_clean "$repo" && pass "it left no object and no ref" || bad "the refused 10,000-commit push left something"
alive && pass "the server is up" || bad "the server is down"

# --- a corrupt pack, and a pusher that hangs up halfway -----------------------
git -C "$client" checkout -q main
commit_file "$client" notes/a.txt "$(seq 1 2000)" "a new commit"
new_id=$(git -C "$client" rev-parse HEAD)
printf '%s\n^%s\n' "$new_id" "$(git -C "$client" rev-parse HEAD~1)" |
  git -C "$client" pack-objects --revs --stdout >"$T/new.pack"
before=$(server_state "$repo")
python3 "$here/raw_push.py" "$port" repo.git refs/heads/corrupt "$new_id" "$T/new.pack" corrupt >"$T/out" 2>&1
if grep -qi "unpack" "$T/out" && settled "$before" && fsck_clean "$repo" && alive; then
  pass "a corrupt pack is refused ($(grep -o 'unpack [^0-9]*' "$T/out" | head -n1 | tr -d '\n')), leaves nothing, the server stays up"
else
  bad "the corrupt pack: $(cat "$T/out")"
fi
python3 "$here/raw_push.py" "$port" repo.git refs/heads/half "$new_id" "$T/new.pack" half >"$T/out" 2>&1
if settled "$before" && fsck_clean "$repo" && alive; then
  pass "a pusher hanging up halfway through its pack leaves nothing, the server stays up"
else
  bad "the half push: $(cat "$T/out")"$'\n'"$(diff <(echo "$before") <(server_state "$repo"))"
fi

# --- a 100 MB file (HOOKAGENT_BAD_INPUT_MB), a key on its last line -----------
mb=${HOOKAGENT_BAD_INPUT_MB:-100}
git -C "$client" checkout -q -b large main
python3 - "$client/data/large.txt" "$mb" "$(fake_aws_key)" <<'PY'
import os, sys
path, mb, key = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(os.path.dirname(path), exist_ok=True)
line = b"%09d plain text of a large data file, nothing to see here\n"
with open(path, "wb") as f:
    n = 0
    while f.tell() < mb << 20:
        f.write(b"".join(line % (n + i) for i in range(10000)))
        n += 10000
    f.write(b"aws_access_key_id = " + key.encode() + b"\n")
PY
lines=$(wc -l <"$client/data/large.txt")
git -C "$client" add data/large.txt && git -C "$client" commit -q -m "large file"
before=$(server_state "$repo")
t0=$(seconds)
# Through a local path so /usr/bin/time sees every process of the push, the hook's included.
/usr/bin/time -f '%M' -o "$T/rss" git -C "$client" push "$repo" large >"$T/out" 2>&1
rc=$?
if ((rc != 0)) && grep -q "^remote: .*data/large.txt:$lines:" "$T/out"; then
  pass "a $mb MB file with a key on line $lines: refused, naming data/large.txt:$lines ($(elapsed "$t0") s, peak $(( $(tail -n1 "$T/rss") / 1024 )) MiB in one process of the push)"
else
  bad "the $mb MB push (exit $rc): $(tail -20 "$T/out")"
fi
settled "$before" && fsck_clean "$repo" && pass "the refused $mb MB push left nothing" || bad "the $mb MB push left something"

# --- a pusher killed mid-push -------------------------------------------------
git -C "$client" push "$url" large >"$T/out" 2>&1 &
push_pid=$!
sleep 2
kill -9 "$push_pid" 2>/dev/null
wait "$push_pid" 2>/dev/null
want=$(grep -v -e '^\./tmp_objdir-' -e '^garbage' -e '^size-garbage' <<<"$before")
sleep 5  # the receive-pack whose client died finishes its hook and exits
for ((i = 0; i < 50; i++)); do [[ "$(store_state "$repo")" == "$want" ]] && break; sleep 0.5; done
if [[ "$(store_state "$repo")" == "$want" ]] && fsck_clean "$repo" && alive; then
  pass "a pusher killed 2 s into a $mb MB push leaves no ref and no object in the store, the server stays up"
else
  bad "after the killed push: $(diff <(echo "$want") <(store_state "$repo"))"
fi
if ls "$repo/objects" | grep -q '^tmp_objdir-'; then
  git -C "$repo" prune --expire=now
  ls "$repo/objects" | grep -q '^tmp_objdir-' && bad "git prune left the quarantine dir of the killed push" ||
    pass "git left the killed push's quarantine dir (as it does without hookagent); git prune removes it"
fi

# --- two pushes racing on one ref ---------------------------------------------
git -C "$client" checkout -q main
git -C "$client" pull -q "$url" main 2>/dev/null
for round in 1 2 3; do
  for side in a b; do
    rm -rf "$T/race-$side"
    git clone -q "$url" "$T/race-$side"
  done
  commit_file "$T/race-a" "race/a$round.txt" "clean change $round" "a: round $round"
  if ((round == 3)); then
    commit_file "$T/race-b" "race/keys$round.py" "aws_access_key_id = $(fake_aws_key)" "b: a key"
  else
    commit_file "$T/race-b" "race/b$round.txt" "clean change $round" "b: round $round"
  fi
  git -C "$T/race-a" push -q origin main >"$T/out-a" 2>&1 &
  pa=$!
  git -C "$T/race-b" push -q origin main >"$T/out-b" 2>&1 &
  pb=$!
  wait "$pa"; ra=$?
  wait "$pb"; rb=$?
  now=$(git -C "$repo" rev-parse refs/heads/main)
  a=$(git -C "$T/race-a" rev-parse HEAD) b=$(git -C "$T/race-b" rev-parse HEAD)
  if ((round < 3)); then
    if (( (ra == 0) + (rb == 0) == 1 )) && { [[ $ra == 0 && $now == "$a" ]] || [[ $rb == 0 && $now == "$b" ]]; } &&
       grep -q -e 'fetch first' -e 'failed to update ref' -e 'cannot lock ref' "$T/out-a" "$T/out-b"; then
      pass "race $round: two clean pushes to main, one wins and main is its commit, the other is told to fetch first or retry"
    else
      bad "race $round: exits $ra/$rb, main=$now a=$a b=$b: $(cat "$T/out-a" "$T/out-b")"
    fi
  elif ((ra == 0 && rb != 0)) && [[ $now == "$a" ]] && grep -q "^remote: .*race/keys3.py:1:" "$T/out-b"; then
    pass "race 3: the clean push wins, the one with a key is refused, naming race/keys3.py:1"
  else
    bad "race 3: exits $ra/$rb, main=$now a=$a: $(cat "$T/out-a" "$T/out-b")"
  fi
done
fsck_clean "$repo" && alive && pass "after the races: fsck clean, the server up" || bad "after the races: $(cat "$T/fsck.log")"
finish
