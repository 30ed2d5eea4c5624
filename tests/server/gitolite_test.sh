#!/usr/bin/env bash
# hookagent's pre-receive under gitolite3, through gitolite's own hook
# mechanism: `install --server --hooks-dir ~/.gitolite/hooks/common`, then
# `gitolite setup --hooks-only` links it into every repository. gitolite is set
# up in a temp HOME (`gitolite setup -pk`), and pushes reach gitolite-shell as
# sshd's forced command would run it (SSH_CONNECTION, SSH_ORIGINAL_COMMAND, the
# user as its argument), through core.sshCommand. Must pass push_contract.
source "$(dirname "${BASH_SOURCE[0]}")/server_lib.sh"
need gitolite:gitolite3 ssh-keygen:openssh-client
shell=/usr/share/gitolite3/gitolite-shell
[[ -x $shell ]] || skip "gitolite-shell is not at $shell (Debian's gitolite3 puts it there)"

gl_home=$T/gitolite
mkdir -p "$gl_home"
ssh-keygen -q -t ed25519 -N '' -C admin -f "$T/admin" >/dev/null
(HOME=$gl_home gitolite setup -pk "$T/admin.pub" >"$T/setup.log" 2>&1) || { bad "gitolite setup: $(cat "$T/setup.log")"; finish; }
repo=$gl_home/repositories/testing.git
[[ -d $repo ]] || { bad "gitolite made no testing.git"; finish; }

if (HOME=$gl_home "$hookagent" install --server --hooks-dir "$gl_home/.gitolite/hooks/common" >"$T/install.log" 2>&1) &&
   grep -q "gitolite setup --hooks-only" "$T/install.log"; then
  pass "install --server --hooks-dir into gitolite's common hooks names the next step"
else
  bad "install --server --hooks-dir: $(cat "$T/install.log")"
fi
(HOME=$gl_home gitolite setup --hooks-only >"$T/setup.log" 2>&1) || bad "gitolite setup --hooks-only: $(cat "$T/setup.log")"
[[ -L $repo/hooks/pre-receive && -L $repo/hooks/update ]] && pass "gitolite linked our pre-receive next to its own update hook" ||
  bad "hooks of testing.git: $(ls -l "$repo/hooks")"

cat >"$T/gl-ssh" <<SH
#!/bin/sh
# What sshd does for gitolite's authorized_keys line: run gitolite-shell for
# the key's user with the client's command. Stand-in for ssh in core.sshCommand.
for last; do :; done
SSH_CONNECTION="127.0.0.1 50000 127.0.0.1 22" SSH_ORIGINAL_COMMAND=\$last HOME='$gl_home' exec '$shell' alice
SH
chmod +x "$T/gl-ssh"
push_contract "gitolite" "git@localhost:testing" "$repo" -c ssh.variant=simple -c core.sshCommand="$T/gl-ssh"

# gitolite's own access control still runs beside ours: a user without
# rights is refused by gitolite, not let through.
sed 's/ alice$/ mallory/' "$T/gl-ssh" >"$T/gl-ssh-mallory" && chmod +x "$T/gl-ssh-mallory"
printf 'repo testing\n    RW+ = alice\n' >"$gl_home/.gitolite/conf/gitolite.conf"
(HOME=$gl_home gitolite compile >"$T/setup.log" 2>&1) || bad "gitolite compile: $(cat "$T/setup.log")"
client=$T/client-mallory
new_client "$client"
if ! git -C "$client" -c ssh.variant=simple -c core.sshCommand="$T/gl-ssh-mallory" push -q git@localhost:testing HEAD:refs/heads/m >"$T/out" 2>&1 &&
   grep -q "DENIED" "$T/out"; then
  pass "gitolite's access rules still decide who may push"
else
  bad "mallory's push: $(cat "$T/out")"
fi
finish
