#!/usr/bin/env bash
# Ensure the SDK generator (scripts/sdkgen/main.go, built against pulumi/pkg/v3) is built, and
# print its path on the last line of stdout; progress goes to stderr.
#
# Built like the CLI (see pulumi-wrapper-module.sh) in a wrapper module under the cache, from
# the Go module proxy; nothing of Pulumi's is kept in the repository. The binary is cached by
# a hash of main.go, so it is rebuilt only when missing or when main.go changed. The build goes
# through lib.sh's build_once: one at a time (`make lint` and `make generate` may run together),
# into bin.partial, which replaces bin (and so the binaries of older main.go's) when complete.
#
#   PULUMI_VERSION   pkg/v3 and sdk/v3 version (default in versions.env, the CLI's)
#   PULUMI_CLI_CACHE cache root (default ~/.cache/panorama-import-gate)
set -euo pipefail
# Resolve this script's folder before any `cd`: make runs it by a relative path.
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh" sdkgen
DEST="$CACHE_ROOT/sdkgen-v$PULUMI_VERSION"
main_go="$here/sdkgen/main.go"
name="sdkgen-$(sha256sum "$main_go" | cut -c1-16)"

sdkgen_ready() { [ -x "$1/$name" ]; }

build_sdkgen() {
  local out="$1" work
  work="$(dirname "$out")/src"
  say "building the SDK generator against pulumi/pkg/v3 v$PULUMI_VERSION into $out (seconds with Go's caches warm, about 2.5 minutes cold)"
  rm -rf "$work"
  mkdir -p "$work"
  cp "$main_go" "$work/main.go"
  cd "$work"
  go mod init panorama-import-gate-sdkgen >/dev/null 2>&1
  "$here/pulumi-wrapper-module.sh" "$PULUMI_VERSION"
  go mod tidy >&2
  go build -trimpath -ldflags "-s -w" -o "$out/$name" .
}

if ! sdkgen_ready "$DEST/bin"; then
  require_go "the SDK generator"
  local_go
  build_once "$DEST" sdkgen_ready build_sdkgen
fi
echo "$DEST/bin/$name"
