#!/usr/bin/env bash
# Build the Pulumi CLI (and what a Python project needs beside it) from the Go
# module proxy into DEST/bin. Usage: build-pulumi-cli.sh VERSION DEST
#
# `go install github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@vX` refuses to work
# because pkg/go.mod and sdk/go.mod carry replace directives, so we build
# through a throwaway wrapper module that requires pkg/v3 and sdk/v3 at the same
# version and mirrors their non-local replace lines.
set -euo pipefail
VERSION="$1"; DEST="$2"
say() { printf 'pulumi-cli: %s\n' "$*" >&2; }
started=$(date +%s)

work="$DEST/src"
rm -rf "$work" "$DEST/bin.partial"
mkdir -p "$work" "$DEST/bin.partial"
cd "$work"
export GOFLAGS="${GOFLAGS:--buildvcs=false}" GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

say "building pulumi v$VERSION with $(go version | awk '{print $3}') into $DEST (first build takes several minutes)"
go mod init pulumi-cli-build >/dev/null 2>&1
go mod edit -require="github.com/pulumi/pulumi/pkg/v3@v$VERSION" -require="github.com/pulumi/pulumi/sdk/v3@v$VERSION"

# Mirror the non-local replace directives of pkg/v3 and sdk/v3.
for mod in pkg sdk; do
  modfile="$(go mod download -json "github.com/pulumi/pulumi/$mod/v3@v$VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  awk '
    /^replace \(/ {inblock=1; next}
    inblock && /^\)/ {inblock=0; next}
    inblock {print; next}
    /^replace / {sub(/^replace /, ""); print}
  ' "$modfile" | grep -v '=> \.' | while read -r from _arrow to ver; do
    [ -n "$ver" ] && go mod edit -replace="$from=$to@$ver"
  done
done
go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$VERSION" >&2
go mod tidy >&2

ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION"
go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" \
  -o "$DEST/bin.partial/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi

# Helper scripts ship inside the sdk/v3 zip; zips drop the exec bit.
sdkdir="$(go mod download -json "github.com/pulumi/pulumi/sdk/v3@v$VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
install -m 0755 "$sdkdir/python/cmd/pulumi-language-python-exec" "$DEST/bin.partial/"
install -m 0755 "$sdkdir/python/dist/pulumi-resource-pulumi-python" "$DEST/bin.partial/"

"$(dirname "$0")/build-language-python.sh" "$VERSION" "$work" "$DEST/bin.partial" "$ldflags"

rm -rf "$DEST/bin"
mv "$DEST/bin.partial" "$DEST/bin"
say "built pulumi $("$DEST/bin/pulumi" version) at $DEST/bin in $(( $(date +%s) - started ))s"
echo "$DEST/bin"
