#!/usr/bin/env bash
# The Debian package from packaging/build-deb.sh, installed by dpkg into a
# scratch root (its own dpkg database, nothing on this system touched): dpkg
# records it with every file where the shells and man look, its Depends are
# packages this system has, the packaged man page renders, and a repository
# commits through the packaged hooks (a clean commit passes, a key is blocked).
#   HOOKAGENT_DEB=path/to/hookagent_*.deb deb_test.sh
# Exit 77 (skipped) without HOOKAGENT_DEB or dpkg; CI builds the package first.
set -uo pipefail
deb=${HOOKAGENT_DEB:-}
if [[ -z $deb ]]; then
  echo "skip: no package to test (build one with packaging/build-deb.sh and set HOOKAGENT_DEB; .ci/run does)"
  exit 77
fi
for tool in dpkg dpkg-deb git; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed"; exit 77; }
done
[[ -f $deb ]] || { echo "FAILED: HOOKAGENT_DEB=$deb is not a file"; exit 1; }

failed=0
pass() { echo "ok: $*"; }
bad() { echo "FAILED: $*"; failed=1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hookagent-deb.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root

# --- install with dpkg into the scratch root ------------------------------
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
# Dependencies are checked against this system below: the scratch root has none.
if dpkg --root="$root" --log=/dev/null --force-not-root --force-depends -i "$deb" >"$tmp/dpkg.log" 2>&1; then
  pass "dpkg -i into a scratch root"
else
  bad "dpkg -i: $(cat "$tmp/dpkg.log")"
fi
status=$(dpkg --root="$root" -s hookagent 2>/dev/null | sed -n 's/^Status: //p')
[[ $status == "install ok installed" ]] && pass "dpkg records hookagent as installed" || bad "dpkg status: '$status'"

files=$(dpkg --root="$root" -L hookagent 2>/dev/null)
for want in /usr/bin/hookagent /usr/libexec/hookagent/pre-commit /usr/libexec/hookagent/post-commit \
            /usr/share/hookagent/rules /usr/share/hookagent/skills \
            /usr/share/man/man1/hookagent.1.gz /usr/share/man/man1/hookagent-scan.1.gz \
            /usr/share/bash-completion/completions/hookagent \
            /usr/share/zsh/vendor-completions/_hookagent \
            /usr/share/fish/vendor_completions.d/hookagent.fish \
            /usr/share/doc/hookagent/copyright; do
  grep -qx -- "$want" <<<"$files" && [[ -e $root$want ]] || bad "the package does not install $want"
done
pass "files checked: $(wc -l <<<"$files") paths listed by dpkg -L"

# Every Depends (first alternative) is a package this system has installed.
depends=$(dpkg-deb -f "$deb" Depends)
missing=()
IFS=',' read -ra items <<<"$depends"
for item in "${items[@]}"; do
  pkg=$(sed 's/|.*//; s/(.*//; s/ //g' <<<"$item")
  [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) == "install ok installed" ]] || missing+=("$pkg")
done
((${#missing[@]} == 0)) && pass "Depends installed here: $depends" || bad "Depends not installed here: ${missing[*]}"

if command -v man >/dev/null; then
  MANWIDTH=100 man -l "$root/usr/share/man/man1/hookagent-review.1.gz" 2>/dev/null | grep -q "hookagent-review - " &&
    pass "man renders the packaged hookagent-review(1)" || bad "man -l hookagent-review.1.gz"
fi

# --- the packaged programs, through real commits ----------------------------
export HOOKAGENT_BIN=$root/usr/bin/hookagent
export HOOKAGENT_HOOK_BINARY_DIR=$root/usr/libexec/hookagent
export HOOKAGENT_DATA_DIR=$root/usr/share/hookagent
# The suite's rule-database cache when meson test runs this (compiling it costs ~10 s).
export HOME=$tmp/home XDG_CACHE_HOME=${XDG_CACHE_HOME:-$tmp/cache} XDG_CONFIG_HOME=$tmp/home/.config NO_COLOR=1
export PATH=$root/usr/bin:$PATH
mkdir -p "$HOME"
version=$(hookagent --version)
commit=$(dpkg-deb -f "$deb" Version | sed -n 's/.*+git[0-9]*\.//p')
[[ -z $commit || $version == *"$commit"* ]] && pass "--version: $version" || bad "--version '$version' does not name $commit"

repo=$tmp/repo
git init -q -b main "$repo" && cd "$repo" || exit 1
git config user.name "deb test" && git config user.email "deb@example.invalid"
printf '[provider]\nkind = "none"\n' > .git/hookagent.toml
echo "# test" > README.md && git add README.md && git commit -q -m base
if hookagent install >"$tmp/install.log" 2>&1; then pass "hookagent install"; else bad "hookagent install: $(cat "$tmp/install.log")"; fi
grep -rqs "$root/usr/libexec/hookagent" .git/hooks/pre-commit && pass "the pre-commit hook runs the packaged binary" ||
  bad "the pre-commit hook does not point at the package: $(head -5 .git/hooks/pre-commit 2>&1)"

echo "print('hello')" > app.py && git add app.py
if git commit -q -m clean >"$tmp/clean.log" 2>&1; then pass "a clean commit passes"; else bad "clean commit: $(cat "$tmp/clean.log")"; fi
# A key-shaped value made now: base32 of 10 random bytes is 16 characters of [A-Z2-7].
printf 'aws_access_key_id = AKIA%s\n' "$(head -c 10 /dev/urandom | base32)" > keys.py && git add keys.py
if git commit -q -m key >"$tmp/key.log" 2>&1; then
  bad "a commit with an AWS key went through the packaged hooks"
else
  grep -q "keys.py" "$tmp/key.log" && pass "a commit with a key is blocked, naming keys.py" || bad "blocked without naming keys.py: $(cat "$tmp/key.log")"
fi
[[ $(git rev-list --count HEAD) == 2 ]] || bad "expected 2 commits, have $(git rev-list --count HEAD)"

((failed == 0)) && echo "all package checks passed"
exit $failed
