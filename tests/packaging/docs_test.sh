#!/usr/bin/env bash
# Man pages and shell completion as the build generated them (packaging/meson.build):
# one page per command `hookagent --help` lists, each rendered by groff without a
# warning; bash, zsh and fish completing commands, subcommands, options and values
# through their real shells (zsh and fish parts are skipped where not installed);
# and `hookagent --version` naming the commit the binary was built from.
#   docs_test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=$1 source=$2
bin=$build/hookagent
failed=0
pass() { echo "ok: $*"; }
bad() { echo "FAILED: $*"; failed=1; }
expect() {  # expect WHAT GOT WANTED
  if [[ $2 == "$3" ]]; then pass "$1"; else bad "$1: got [$2], wanted [$3]"; fi
}

# --- man pages -------------------------------------------------------------
commands=$("$bin" --help | awk '/^Subcommands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {exit}')
[[ -n $commands ]] || bad "no commands in hookagent --help"
command -v groff >/dev/null || echo "skip: groff is not installed (apt-get install groff-base): pages not rendered"
for page in hookagent $(printf 'hookagent-%s\n' $commands); do
  file=$build/packaging/man1/$page.1
  if [[ ! -s $file ]]; then bad "$page.1 missing"; continue; fi
  if command -v groff >/dev/null; then
    warnings=$(groff -man -ww -z "$file" 2>&1)
    [[ -z $warnings ]] || bad "$page.1: groff: $warnings"
  fi
  grep -q "^$page \\\\- " "$file" || bad "$page.1 has no NAME line '$page \\- ...'"
done
pages=$(ls "$build/packaging/man1" | wc -l)
expect "one page per command, and hookagent.1" "$pages" "$(($(wc -w <<<"$commands") + 1))"
if command -v man >/dev/null; then
  text=$(MANWIDTH=120 man -l "$build/packaging/man1/hookagent-scan.1" 2>/dev/null)
  grep -q -- "--format" <<<"$text" && pass "man renders hookagent-scan(1) with its options" ||
    bad "man -l hookagent-scan.1 shows no --format"
fi
# The hidden build command stays out of the docs.
[[ ! -e $build/packaging/man1/hookagent-man.1 ]] || bad "the hidden 'man' command got a page"

# --- bash ------------------------------------------------------------------
bash_complete() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _hookagent; echo "${COMPREPLY[*]}"' \
    _ "$build/packaging/hookagent" "$@"
}
expect "bash: hookagent sk" "$(bash_complete hookagent sk)" "skills"
expect "bash: hookagent skills <tab>" "$(bash_complete hookagent skills '')" "list show check"
expect "bash: after -C DIR" "$(bash_complete hookagent -C /tmp notes '')" "push fetch"
expect "bash: completion <tab>" "$(bash_complete hookagent completion '')" "bash zsh fish"
expect "bash: notes push --q" "$(bash_complete hookagent notes push --q)" "--quiet"
expect "bash: -C completes directories" "$(bash_complete hookagent -C "$source/pack")" "$source/packaging"

# --- zsh -------------------------------------------------------------------
if command -v zsh >/dev/null; then
  zsh_complete() {
    # compsys stand-ins that print what the function offers.
    zsh -f -c '_describe() { local n=${@[-1]}; print -r -- "${(j: :)${(@)${(P)n}%%:*}}"; }
               _files() { print -r -- "files $*"; }
               compadd() { print -r -- "${@[2,-1]}"; }
               source "$1" >/dev/null; shift; words=("$@"); CURRENT=${#words}; _hookagent' _ "$build/packaging/_hookagent" "$@"
  }
  expect "zsh: skills <tab>" "$(zsh_complete hookagent skills '')" "list show check"
  expect "zsh: -C <tab>" "$(zsh_complete hookagent -C '')" "files -/"
  expect "zsh: jobs wait --t" "$(zsh_complete hookagent jobs wait --t)" \
    "-h --help --timeout --version -q --quiet --no-color -C"
else
  echo "skip: zsh is not installed (apt-get install zsh)"
fi

# --- fish ------------------------------------------------------------------
if command -v fish >/dev/null; then
  fish_complete() {
    HOME=$(mktemp -d) fish --no-config -c "source $build/packaging/hookagent.fish; complete -C '$1'" | cut -f1 | tr '\n' ' ' | sed 's/ $//'
  }
  expect "fish: hookagent sk" "$(fish_complete 'hookagent sk')" "skills"
  expect "fish: skills <tab>" "$(fish_complete 'hookagent skills ')" "check list show"
  expect "fish: skills show is not the top-level show" "$(fish_complete 'hookagent skills show --sk')" ""
  expect "fish: show --sk" "$(fish_complete 'hookagent show --sk')" "--skill"
else
  echo "skip: fish is not installed (apt-get install fish)"
fi

# --- version ---------------------------------------------------------------
# The commit of the build: HEAD in a fresh build (CI), an ancestor of HEAD in a
# build that others' commits have overtaken since.
version=$("$bin" --version)
named=$(sed -n 's/.*(commit \([^)]*\)).*/\1/p' <<<"$version")
named=${named%-dirty}
named=${named##*-g}  # describe after a tag: v1.0-3-g<hash>
if git -C "$source" rev-parse HEAD >/dev/null 2>&1; then
  if [[ -n $named ]] && git -C "$source" merge-base --is-ancestor "$named" HEAD 2>/dev/null; then
    pass "--version names a commit of this history ($version)"
  else
    bad "--version '$version' names no commit of $source"
  fi
else
  [[ $version == *"(commit unknown)"* ]] && pass "--version outside git: $version" || bad "--version: $version"
fi

((failed == 0)) && echo "all packaging doc checks passed"
exit $failed
