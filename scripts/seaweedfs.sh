#!/usr/bin/env bash
# Ensure SeaweedFS's `weed` of the pinned version is available (the tests' shared S3 state backend),
# building it from the Go module proxy when it is not cached. Prints the binary's path on the last
# line of stdout; progress goes to stderr. `--find` never builds: it fails when nothing is cached.
#
#   SEAWEEDFS_VERSION pinned module version of github.com/seaweedfs/seaweedfs (default below)
#   PULUMI_CLI_CACHE  cache root (default ~/.cache/panorama-import-gate), shared with the Pulumi CLI
set -euo pipefail

SEAWEEDFS_VERSION="${SEAWEEDFS_VERSION:-v0.0.0-20261109003541-7506e5f91cd6}"
CACHE_ROOT="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/panorama-import-gate}"
DEST="$CACHE_ROOT/seaweedfs-$SEAWEEDFS_VERSION"
# Resolve this script's folder before any `cd`: make runs it by a relative path.
here="$(cd "$(dirname "$0")" && pwd)"
say() { printf 'seaweedfs: %s\n' "$*" >&2; }

if [ -x "$DEST/bin/weed" ]; then
  echo "$DEST/bin/weed"; exit 0
fi
[ "${1:-}" = "--find" ] && { say "no weed $SEAWEEDFS_VERSION in $DEST; run \`make seaweedfs\` to build it"; exit 1; }

if ! command -v go >/dev/null 2>&1; then
  say "Go is not installed: install Go 1.26 or newer (https://go.dev/doc/install) to build SeaweedFS (the tests' S3 state backend)."
  exit 1
fi
"$here/build-seaweedfs.sh" "$SEAWEEDFS_VERSION" "$DEST" >/dev/null
echo "$DEST/bin/weed"
