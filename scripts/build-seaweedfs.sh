#!/usr/bin/env bash
# Build SeaweedFS's `weed` (an S3-compatible server; the tests use it as a shared Pulumi state
# backend) from the Go module proxy into OUT/weed, OUT an empty folder.
# Usage: build-seaweedfs.sh VERSION OUT
#
# seaweedfs.sh runs it under the cache's lock, with OUT the cache's bin.partial (lib.sh's
# build_once), so an interrupted build never looks complete and a second caller waits and reuses
# the first one's build.
#
# SeaweedFS's go.mod carries a non-local replace (github.com/tyler-smith/go-bip39 =>
# github.com/cosmos/go-bip39), which Go ignores in a dependency, so `go install …/weed@VERSION`
# refuses it. As for the Pulumi CLI (pulumi-wrapper-module.sh), a throwaway wrapper module
# requires it, mirrors its non-local replace lines, and builds the `weed` package. Nothing of
# SeaweedFS is kept in the repository.
set -euo pipefail
VERSION="$1"; OUT="$2"
# Resolve this script's folder before any `cd`: make runs it by a relative path.
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh" seaweedfs
local_go
module=github.com/seaweedfs/seaweedfs

work="$(dirname "$OUT")/src"
rm -rf "$work"
mkdir -p "$work"
cd "$work"

say "building weed ($module@$VERSION) with $(go version | awk '{print $3}') into $OUT (about 9 minutes cold)"
go mod init seaweedfs-build >/dev/null 2>&1
go mod edit -require="$module@$VERSION"
# Mirror the module's non-local replace directives.
"$here/mirror-replaces.sh" "$module@$VERSION"
go get -tool "$module/weed@$VERSION" >&2
go mod tidy >&2
go build -trimpath -ldflags "-s -w" -o "$OUT/weed" "$module/weed"
say "built $("$OUT/weed" version 2>/dev/null | head -n 1)"
