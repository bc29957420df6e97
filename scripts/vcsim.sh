#!/usr/bin/env bash
# Builds VMware's vCenter/ESXi simulator (vcsim) and its CLI (govc) from Debian's source package of
# govmomi, offline from the Go module proxy: the Go dependencies come from Debian packages under
# /usr/share/gocode. The binaries are cached in .cache/vcsim/; a second run does nothing.
# The deb-src entries are derived from the machine's own apt sources when none are configured.
# Installing packages needs root (CI runs as root); with the binaries cached, nothing is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=.cache/vcsim
PACKAGE=golang-github-vmware-govmomi
if [ -x "$OUT/vcsim" ] && [ -x "$OUT/govc" ] && "$OUT/govc" version >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/vcsim.sh: building vcsim installs Debian packages; run it as root (CI does)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive

# deb-src entries: the configured deb entries with their type changed (deb822 .sources stanzas and
# one-line sources.list entries), written once to vharden-src.sources / vharden-src.list.
has_deb_src() {
  grep -qsE '^[[:space:]]*Types:.*\bdeb-src\b' /etc/apt/sources.list.d/*.sources ||
    grep -qsE '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list
}
if ! has_deb_src; then
  shopt -s nullglob
  for f in /etc/apt/sources.list.d/*.sources; do
    case "$f" in */vharden-src.sources) continue ;; esac
    # a stanza is kept when its Types line names deb; its Types becomes deb-src
    awk 'BEGIN { RS = ""; ORS = "\n\n" }
      { if ($0 ~ /(^|\n)[ \t]*Enabled:[ \t]*no/) next
        n = split($0, lines, "\n"); keep = 0; out = ""
        for (i = 1; i <= n; i++) {
          if (lines[i] ~ /^[ \t]*Types:/) { if (lines[i] ~ /[ \t]deb([ \t]|$)/) keep = 1; lines[i] = "Types: deb-src" }
          out = out lines[i] "\n"
        }
        if (keep) printf "%s\n", out }' "$f" >>/etc/apt/sources.list.d/vharden-src.sources
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    case "$f" in */vharden-src.list) continue ;; esac
    sed -nE 's/^[[:space:]]*deb([[:space:]])/deb-src\1/p' "$f" >>/etc/apt/sources.list.d/vharden-src.list
  done
  if ! has_deb_src; then
    echo "scripts/vcsim.sh: no deb entries in the apt sources to derive deb-src entries from" >&2
    exit 1
  fi
  apt-get update -qq
elif ! apt-cache showsrc "$PACKAGE" 2>/dev/null | grep -q '^Package:'; then
  apt-get update -qq
fi

# golang-go to build, dpkg-dev for apt-get source; then the Go libraries the source package builds with
command -v go >/dev/null 2>&1 && command -v dpkg-source >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends golang-go dpkg-dev >/dev/null

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && apt-get source -qq "$PACKAGE" >/dev/null 2>&1)
SRC=$(find "$WORK" -maxdepth 1 -type d -name "$PACKAGE-*" | head -n 1)
[ -n "$SRC" ] || { echo "scripts/vcsim.sh: apt-get source $PACKAGE gave no source tree" >&2; exit 1; }
deps=$(sed -n '/^Build-Depends:/,/^[A-Za-z-]*:/p' "$SRC/debian/control" | grep -oE 'golang-[a-z0-9.+-]+-dev' | sort -u || true)
missing=()
for d in $deps; do dpkg -s "$d" >/dev/null 2>&1 || missing+=("$d"); done
[ "${#missing[@]}" -eq 0 ] || apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

mkdir -p "$WORK/gopath/src/github.com/vmware" "$OUT"
mv "$SRC" "$WORK/gopath/src/github.com/vmware/govmomi"
(
  cd "$WORK/gopath/src/github.com/vmware/govmomi"
  export GOPATH="$WORK/gopath:/usr/share/gocode" GO111MODULE=off GOPROXY=off GOFLAGS= GOCACHE="$WORK/gocache"
  go build -o "$WORK/vcsim" ./vcsim
  go build -o "$WORK/govc" ./govc
)
mv "$WORK/vcsim" "$WORK/govc" "$OUT/"
echo "scripts/vcsim.sh: built $OUT/vcsim and $OUT/govc from Debian's $PACKAGE source"
