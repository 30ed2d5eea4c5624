#!/usr/bin/env bash
# Build a Debian package (.deb) of hookagent from this source tree:
#   1. meson, release, prefix /usr, without the tests, in its own build folder;
#   2. `meson install --destdir` into a staging root (programs, hooks, rules,
#      skills, templates, the generated man pages and shell completions);
#   3. DEBIAN/control with Depends worked out by dpkg-shlibdeps;
#   4. dpkg-deb --root-owner-group (no fakeroot needed).
#
#   packaging/build-deb.sh [--build-dir DIR] [--output DIR]
#
# The version is the project's, plus the commit: 0.1.0+git20250101.1a2b3c4d5e6f.
# The path of the .deb is the last line printed.
set -euo pipefail

source_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=$source_root/build-deb
out_dir=

while (($#)); do
  case "$1" in
    --build-dir) build_dir=$2; shift 2 ;;
    --output) out_dir=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-deb.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
build_dir=$(realpath -m "$build_dir")
out_dir=$(realpath -m "${out_dir:-$build_dir}")
for tool in meson ninja dpkg-deb dpkg-shlibdeps dpkg; do
  command -v "$tool" >/dev/null || { echo "build-deb.sh: $tool is missing (apt-get install dpkg-dev meson ninja-build)" >&2; exit 2; }
done

if [[ -f $build_dir/build.ninja ]]; then
  meson configure "$build_dir" -Dbuildtype=release -Dprefix=/usr -Dtests=false >/dev/null
else
  meson setup "$build_dir" "$source_root" --buildtype=release --prefix=/usr -Dtests=false
fi
ninja -C "$build_dir"

stage=$build_dir/deb-root
rm -rf "$stage"
meson install -C "$build_dir" --no-rebuild --strip --destdir "$stage" >/dev/null
# Debian policy: man pages compressed, with no timestamp inside.
find "$stage/usr/share/man" -type f -name '*.[0-9]' -exec gzip -9n {} +
doc=$stage/usr/share/doc/hookagent
install -d "$doc"
install -m 644 "$source_root/README.md" "$doc/README.md"
cat > "$doc/copyright" <<'TEXT'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: hookagent
Comment: Built from the hookagent source tree by packaging/build-deb.sh.
 The project has not declared a license yet; until it does, no rights beyond
 using this package are granted.
TEXT

version=$(sed -n "s/^ *version: *'\([^']*\)'.*/\1/p" "$source_root/meson.build" | head -1)
if commit=$(git -C "$source_root" rev-parse --short=12 HEAD 2>/dev/null); then
  date=$(git -C "$source_root" log -1 --format=%cd --date=format:%Y%m%d)
  deb_version="$version+git$date.$commit"
else
  deb_version=$version
fi
arch=$(dpkg --print-architecture)
# A native package's changelog: one entry naming the commit it was built from.
{
  printf 'hookagent (%s) unstable; urgency=medium\n\n' "$deb_version"
  printf '  * Built from %s by packaging/build-deb.sh.\n\n' "$(git -C "$source_root" describe --always --abbrev=12 2>/dev/null || echo 'a source tree without git')"
  printf ' -- hookagent maintainers <hookagent@example.invalid>  %s\n' "$(date -R -d "@${SOURCE_DATE_EPOCH:-$(git -C "$source_root" log -1 --format=%ct 2>/dev/null || date +%s)}")"
} | gzip -9n > "$doc/changelog.gz"

# dpkg-shlibdeps wants a debian/control naming the package: give it one in a scratch folder.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/debian"
printf 'Source: hookagent\n\nPackage: hookagent\nArchitecture: any\n' > "$scratch/debian/control"
binaries=("$stage/usr/bin/hookagent" "$stage"/usr/libexec/hookagent/*)
shlibs=$(cd "$scratch" && dpkg-shlibdeps -O "${binaries[@]}" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
# libcurl is opened with dlopen when a provider is first asked (not a link-time
# dependency); git moves notes and runs the hooks.
depends="${shlibs:+$shlibs, }libcurl4, git"
size=$(du -sk --apparent-size "$stage/usr" | cut -f1)

install -d "$stage/DEBIAN"
cat > "$stage/DEBIAN/control" <<TEXT
Package: hookagent
Version: $deb_version
Architecture: $arch
Maintainer: hookagent maintainers <hookagent@example.invalid>
Installed-Size: $size
Depends: $depends
Recommends: bubblewrap
Section: devel
Priority: optional
Homepage: https://example.invalid/hookagent
Description: git hooks that run security rules and SKILL.md agents
 hookagent installs git hooks that scan exactly what git is about to record
 for secrets and dangerous code, offline, and can run Claude Code style
 SKILL.md agents that review commits and write their reviews as git notes.
TEXT

mkdir -p "$out_dir"
deb=$out_dir/hookagent_${deb_version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
