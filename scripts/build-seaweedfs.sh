#!/usr/bin/env bash
# Build SeaweedFS's `weed` (an S3-compatible server; the tests use it as a shared Pulumi state
# backend) from the Go module proxy into DEST/bin/weed. Usage: build-seaweedfs.sh VERSION DEST
#
# SeaweedFS's go.mod carries a non-local replace (github.com/tyler-smith/go-bip39 =>
# github.com/cosmos/go-bip39), which Go ignores in a dependency, so `go install …/weed@VERSION`
# refuses it. As for the Pulumi CLI (pulumi-wrapper-module.sh), a throwaway wrapper module
# requires it, mirrors its non-local replace lines, and builds the `weed` package. Nothing of
# SeaweedFS is kept in the repository.
#
# The binary is built into DEST/bin.partial and moved to DEST/bin at the end, so an interrupted
# build never looks complete. One build at a time: a second caller waits and reuses the first.
set -euo pipefail
VERSION="$1"; DEST="$2"
# Resolve this script's folder before any `cd`: make runs it by a relative path.
here="$(cd "$(dirname "$0")" && pwd)"
module=github.com/seaweedfs/seaweedfs
say() { printf 'seaweedfs: %s\n' "$*" >&2; }

mkdir -p "$DEST"
exec 9>"$DEST/.lock"
flock 9
if [ -x "$DEST/bin/weed" ]; then
  say "built meanwhile by another run: $DEST/bin/weed"
  echo "$DEST/bin/weed"; exit 0
fi

started=$(date +%s)
work="$DEST/src"
rm -rf "$work" "$DEST/bin.partial"
mkdir -p "$work" "$DEST/bin.partial"
cd "$work"
export GOFLAGS="${GOFLAGS:--buildvcs=false}" GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

say "building weed ($module@$VERSION) with $(go version | awk '{print $3}') into $DEST (about 9 minutes cold)"
go mod init seaweedfs-build >/dev/null 2>&1
go mod edit -require="$module@$VERSION"
# Mirror the module's non-local replace directives.
"$here/mirror-replaces.sh" "$module@$VERSION"
go get -tool "$module/weed@$VERSION" >&2
go mod tidy >&2
go build -trimpath -ldflags "-s -w" -o "$DEST/bin.partial/weed" "$module/weed"

rm -rf "$DEST/bin"
mv "$DEST/bin.partial" "$DEST/bin"
say "built $("$DEST/bin/weed" version 2>/dev/null | head -n 1) at $DEST/bin/weed in $(( $(date +%s) - started ))s"
echo "$DEST/bin/weed"
