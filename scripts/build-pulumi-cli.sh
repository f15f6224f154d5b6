#!/usr/bin/env bash
# Build the Pulumi CLI (and what a Python project needs beside it) from the Go
# module proxy into DEST/bin. Usage: build-pulumi-cli.sh VERSION DEST
#
# `go install github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@vX` refuses to work
# because pkg/go.mod and sdk/go.mod carry replace directives, so we build
# through a throwaway wrapper module (see pulumi-wrapper-module.sh).
set -euo pipefail
VERSION="$1"; DEST="$2"
# Resolve this script's folder before any `cd`: make runs it by a relative path.
here="$(cd "$(dirname "$0")" && pwd)"
say() { printf 'pulumi-cli: %s\n' "$*" >&2; }
started=$(date +%s)

work="$DEST/src"
rm -rf "$work" "$DEST/bin.partial"
mkdir -p "$work" "$DEST/bin.partial"
cd "$work"
export GOFLAGS="${GOFLAGS:--buildvcs=false}" GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

say "building pulumi v$VERSION with $(go version | awk '{print $3}') into $DEST (first build takes several minutes)"
go mod init pulumi-cli-build >/dev/null 2>&1
# Require pkg/v3 and sdk/v3 at VERSION and mirror their non-local replace directives.
"$here/pulumi-wrapper-module.sh" "$VERSION"
go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$VERSION" >&2
go mod tidy >&2

ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION"
go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" \
  -o "$DEST/bin.partial/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi

# Helper scripts ship inside the sdk/v3 zip; zips drop the exec bit.
sdkdir="$(go mod download -json "github.com/pulumi/pulumi/sdk/v3@v$VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
install -m 0755 "$sdkdir/python/cmd/pulumi-language-python-exec" "$DEST/bin.partial/"
install -m 0755 "$sdkdir/python/dist/pulumi-resource-pulumi-python" "$DEST/bin.partial/"

"$here/build-language-python.sh" "$VERSION" "$work" "$DEST/bin.partial" "$ldflags"

rm -rf "$DEST/bin"
mv "$DEST/bin.partial" "$DEST/bin"
say "built pulumi $("$DEST/bin/pulumi" version) at $DEST/bin in $(( $(date +%s) - started ))s"
echo "$DEST/bin"
