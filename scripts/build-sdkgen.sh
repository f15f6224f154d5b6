#!/usr/bin/env bash
# Ensure the SDK generator (scripts/sdkgen/main.go, built against pulumi/pkg/v3) is built, and
# print its path on the last line of stdout; progress goes to stderr.
#
# Built like the CLI (see pulumi-wrapper-module.sh) in a wrapper module under the cache, from
# the Go module proxy; nothing of Pulumi's is kept in the repository. The binary is cached by
# a hash of main.go, so it is rebuilt only when missing or when main.go changed.
#
#   PULUMI_VERSION   pkg/v3 and sdk/v3 version (default below, the CLI's)
#   PULUMI_CLI_CACHE cache root (default ~/.cache/panorama-import-gate)
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-3.274.1}"
CACHE_ROOT="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/panorama-import-gate}"
DEST="$CACHE_ROOT/sdkgen-v$PULUMI_VERSION"
# Resolve this script's folder before any `cd`: make runs it by a relative path.
here="$(cd "$(dirname "$0")" && pwd)"
main_go="$here/sdkgen/main.go"
binary="$DEST/bin/sdkgen-$(sha256sum "$main_go" | cut -c1-16)"
say() { printf 'sdkgen: %s\n' "$*" >&2; }

if [ -x "$binary" ]; then
  echo "$binary"; exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  say "Go is not installed: install Go 1.26 or newer (https://go.dev/doc/install) to build the SDK generator."
  exit 1
fi
mkdir -p "$DEST/bin"
# One build at a time (`make lint` and `make generate` may run together); a waiter reuses it.
exec 9>"$DEST/.lock"
flock 9
if [ -x "$binary" ]; then
  echo "$binary"; exit 0
fi

started=$(date +%s)
say "building the SDK generator against pulumi/pkg/v3 v$PULUMI_VERSION into $DEST (seconds with Go's caches warm, about 2.5 minutes cold)"
work="$DEST/src"
rm -rf "$work"
mkdir -p "$work"
cp "$main_go" "$work/main.go"
cd "$work"
export GOFLAGS="${GOFLAGS:--buildvcs=false}" GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
go mod init panorama-import-gate-sdkgen >/dev/null 2>&1
"$here/pulumi-wrapper-module.sh" "$PULUMI_VERSION"
go mod tidy >&2
go build -trimpath -ldflags "-s -w" -o "$binary.partial" .
# Keep only the binary of the current main.go.
find "$DEST/bin" -name 'sdkgen-*' ! -name "$(basename "$binary").partial" -delete
mv "$binary.partial" "$binary"
say "built $(basename "$binary") in $(( $(date +%s) - started ))s"
echo "$binary"
