#!/usr/bin/env bash
# release.sh: builds and tags a release; no marked lines (false-positive check).
set -euo pipefail

usage() { echo "usage: $0 -v VERSION [-n]" >&2; exit 2; }

version="" dry_run=0
while getopts 'v:n' opt; do
  case $opt in
    v) version=$OPTARG ;;
    n) dry_run=1 ;;
    *) usage ;;
  esac
done
[[ -n $version ]] || usage
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "bad version: $version" >&2; exit 2; }

workdir=$(mktemp -d)
trap 'rm -rf -- "$workdir"' EXIT

run() {
  if ((dry_run)); then printf 'would run:'; printf ' %q' "$@"; printf '\n'; else "$@"; fi
}

build() {
  git archive --format=tar --prefix="app-$version/" HEAD | tar -x -C "$workdir"
  (cd "$workdir/app-$version" && make -j"$(nproc)" dist)
  sha256sum "$workdir/app-$version/dist/"*.tar.gz > "$workdir/SHA256SUMS"
}

publish() {
  local tarball
  for tarball in "$workdir/app-$version/dist/"*.tar.gz; do
    run curl --fail --silent --show-error -H "Authorization: Bearer ${RELEASE_TOKEN:?}" \
      -T "$tarball" "https://artifacts.example.com/app/$version/$(basename -- "$tarball")"
  done
}

tag() {
  run git tag -s "v$version" -m "release $version"
  run git push origin "v$version"
}

build
publish
tag
echo "released $version"
