#!/usr/bin/env bash
# Ensure SeaweedFS's `weed` of the pinned version is available (the tests' shared S3 state backend),
# building it from the Go module proxy when it is not cached. Prints the binary's path on the last
# line of stdout; progress goes to stderr. `--find` never builds: it fails when nothing is cached.
#
#   SEAWEEDFS_VERSION pinned module version of github.com/seaweedfs/seaweedfs (default in versions.env)
#   PULUMI_CLI_CACHE  cache root (default ~/.cache/panorama-import-gate), shared with the Pulumi CLI
set -euo pipefail
# Resolve this script's folder before any `cd`: make runs it by a relative path.
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh" seaweedfs
DEST="$CACHE_ROOT/seaweedfs-$SEAWEEDFS_VERSION"

weed_ready() { [ -x "$1/weed" ]; }

if weed_ready "$DEST/bin"; then
  echo "$DEST/bin/weed"; exit 0
fi
[ "${1:-}" = "--find" ] && { say "no weed $SEAWEEDFS_VERSION in $DEST; run \`make seaweedfs\` to build it"; exit 1; }

require_go "SeaweedFS (the tests' S3 state backend)"
local_go
build_once "$DEST" weed_ready "$here/build-seaweedfs.sh" "$SEAWEEDFS_VERSION"
echo "$DEST/bin/weed"
