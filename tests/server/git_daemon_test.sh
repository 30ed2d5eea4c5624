#!/usr/bin/env bash
# hookagent's pre-receive behind plain git transports, with `install --server`:
#   git daemon --enable=receive-pack on a free loopback port (git://),
#   a local-path push (git runs git-receive-pack itself), and an ssh-style push
#   (core.sshCommand runs the remote command as sshd would).
# Each must pass push_contract (server_lib.sh). Also: install --server refuses
# a clone, and a server that sets [hooks.pre-receive] inline_allow = true
# honours allow comments, which it does not by default.
source "$(dirname "${BASH_SOURCE[0]}")/server_lib.sh"

srv=$T/srv
mkdir -p "$srv"
for name in daemon.git local.git ssh.git; do
  git init -q --bare "$srv/$name"
  (cd "$srv/$name" && "$hookagent" install --server >"$T/install.log" 2>&1) ||
    bad "install --server in $name: $(cat "$T/install.log")"
done
grep -q "reads the server's config only" "$T/install.log" && pass "install --server says where its config comes from" ||
  bad "install --server output: $(cat "$T/install.log")"

# install --server in a clone: refused, naming the way that works.
new_client "$T/clone"
if (cd "$T/clone" && "$hookagent" install --server >"$T/out" 2>&1); then
  bad "install --server in a clone succeeded"
elif grep -q "not a bare repository" "$T/out" && grep -q -- "--hooks-dir" "$T/out" && [[ ! -e $T/clone/.git/hooks/pre-receive ]]; then
  pass "install --server refuses a clone, naming --hooks-dir, and installs nothing"
else
  bad "install --server in a clone: $(cat "$T/out")"
fi

# git daemon, as the server user, in the background.
start_git_daemon "$srv"
push_contract "git daemon" "git://127.0.0.1:$port/daemon.git" "$srv/daemon.git"
kill -0 "$daemon_pid" 2>/dev/null && pass "git daemon is still up" || bad "git daemon died"

push_contract "local path" "$srv/local.git" "$srv/local.git"

# ssh-style: git runs `<sshCommand> HOST "git-receive-pack '/path'"`; this
# stand-in for ssh runs that command, as sshd does for a login shell.
cat >"$T/fake-ssh" <<'SH'
#!/bin/sh
for last; do :; done
exec sh -c "$last"
SH
chmod +x "$T/fake-ssh"
push_contract "ssh-style" "ssh://git@localhost$srv/ssh.git" "$srv/ssh.git" -c ssh.variant=simple -c core.sshCommand="$T/fake-ssh"

# The server may choose to honour allow comments; then (and only then) they count.
client=$T/client-inline
new_client "$client"
git -C "$client" push -q "$srv/local.git" HEAD:refs/heads/inline 2>/dev/null
commit_file "$client" app/settings.py "aws_access_key_id = $(fake_aws_key)  # hookagent:allow" "allowed inline"
before=$(server_state "$srv/local.git")
if ! git -C "$client" push -q "$srv/local.git" HEAD:refs/heads/inline >"$T/out" 2>&1 && same_state "$srv/local.git" "$before"; then
  pass "an allow comment is not honoured by default"
else
  bad "an allow comment got a key through by default: $(cat "$T/out")"
fi
printf '[hooks.pre-receive]\ninline_allow = true\n' >"$srv/local.git/hookagent.toml"
if git -C "$client" push -q "$srv/local.git" HEAD:refs/heads/inline >"$T/out" 2>&1; then
  pass "with the server's inline_allow = true an allow comment is honoured"
else
  bad "inline_allow = true on the server, still refused: $(cat "$T/out")"
fi


# A server hook that cannot run refuses the push (a client hook would only warn):
# first the full binary gone (the hook binary cannot hand over), then the hook
# binary itself gone (the shim cannot start it).
client=$T/client-broken
new_client "$client"
commit_file "$client" app/notes.txt "nothing secret here" "clean change"
before=$(server_state "$srv/local.git")
if ! HOOKAGENT_BIN=$T/no-such-hookagent git -C "$client" push -q "$srv/local.git" HEAD:refs/heads/broken >"$T/out" 2>&1 &&
  grep -q "refusing the push" "$T/out" && same_state "$srv/local.git" "$before"; then
  pass "pre-receive refuses the push when hookagent cannot be started"
else
  bad "a push went through (or left state) with hookagent missing: $(cat "$T/out")"
fi
shim=$srv/local.git/hooks/pre-receive
cp "$shim" "$T/shim.saved"
sed -i "s|^hookagent_hook_binary=.*|hookagent_hook_binary='$T/no-such-hook'|" "$shim"
if ! git -C "$client" push -q "$srv/local.git" HEAD:refs/heads/broken >"$T/out" 2>&1 &&
  grep -q "refusing the push" "$T/out" && same_state "$srv/local.git" "$before"; then
  pass "the pre-receive shim refuses the push when its hook binary is missing"
else
  bad "the shim let a push through with its hook binary missing: $(cat "$T/out")"
fi
cp "$T/shim.saved" "$shim"
if git -C "$client" push -q "$srv/local.git" HEAD:refs/heads/broken >"$T/out" 2>&1; then
  pass "with hookagent back, the same clean push is accepted"
else
  bad "clean push refused after restoring the shim: $(cat "$T/out")"
fi

finish
