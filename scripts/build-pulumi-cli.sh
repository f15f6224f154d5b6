#!/usr/bin/env bash
# Build the Pulumi CLI and what a Python project needs beside it (the Python language host and its
# two helper scripts) from the Go module proxy into OUT, an empty folder.
# Usage: build-pulumi-cli.sh VERSION OUT
#
# pulumi-cli.sh runs it under the cache's lock, with OUT the cache's bin.partial (lib.sh's
# build_once), and adds the YAML language host.
#
# `go install github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@vX` refuses to work
# because pkg/go.mod and sdk/go.mod carry replace directives, so we build
# through a throwaway wrapper module (see pulumi-wrapper-module.sh).
set -euo pipefail
VERSION="$1"; OUT="$2"
# Resolve this script's folder before any `cd`: make runs it by a relative path.
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh" pulumi-cli
local_go

work="$(dirname "$OUT")/src"
rm -rf "$work"
mkdir -p "$work"
cd "$work"

say "building pulumi v$VERSION with $(go version | awk '{print $3}') into $OUT (first build takes several minutes)"
go mod init pulumi-cli-build >/dev/null 2>&1
# Require pkg/v3 and sdk/v3 at VERSION and mirror their non-local replace directives.
"$here/pulumi-wrapper-module.sh" "$VERSION"
go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$VERSION" >&2
go mod tidy >&2

ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION"
go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" \
  -o "$OUT/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi

# Helper scripts ship inside the sdk/v3 zip; zips drop the exec bit.
sdkdir="$(go mod download -json "github.com/pulumi/pulumi/sdk/v3@v$VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
install -m 0755 "$sdkdir/python/cmd/pulumi-language-python-exec" "$OUT/"
install -m 0755 "$sdkdir/python/dist/pulumi-resource-pulumi-python" "$OUT/"

"$here/build-language-python.sh" "$VERSION" "$work" "$OUT" "$ldflags"
say "built pulumi $("$OUT/pulumi" version)"
