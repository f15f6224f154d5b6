#!/usr/bin/env bash
# Ensure a Pulumi CLI of the pinned version is available, building it from the
# Go module proxy when no compatible one exists. Prints the directory holding
# `pulumi` on the last line of stdout; progress goes to stderr. `--find` never
# builds: it fails when no CLI is found.
#
#   PULUMI_VERSION       pinned CLI version (default in versions.env)
#   PULUMI_YAML_VERSION  the YAML language host's version (default in versions.env)
#   PULUMI_CLI_CACHE     cache root (default ~/.cache/panorama-import-gate)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh" pulumi-cli
DEST="$CACHE_ROOT/pulumi-v$PULUMI_VERSION"

# Every binary the engine needs for a Python project.
python_ready() {
  local dir="$1"
  [ -x "$dir/pulumi" ] && [ -x "$dir/pulumi-language-python" ] \
    && [ -x "$dir/pulumi-language-python-exec" ] && [ -x "$dir/pulumi-resource-pulumi-python" ]
}
# ... and the YAML language host, beside `pulumi` so the CLI uses it without PATH warnings.
complete_install() { python_ready "$1" && [ -x "$1/pulumi-language-yaml" ]; }
# The fallback language host in DIR is this checkout's (scripts/langhost/install.sh puts it there).
fallback_current() {
  cmp -s "$here/langhost/pulumi-language-python" "$1/pulumi-language-python" \
    && cmp -s "$here/langhost/langhost.py" "$1/langhost.py"
}
version_of() { "$1/pulumi" version 2>/dev/null | sed 's/^v//'; }
# A complete install of the pinned version (lib.sh's build_once READY).
pinned_install() { complete_install "$1" && [ "$(version_of "$1")" = "$PULUMI_VERSION" ]; }

build_yaml_host() {
  local dir="$1" started
  started=$(date +%s)
  say "building pulumi-language-yaml v$PULUMI_YAML_VERSION into $dir (about 2 minutes cold)"
  GOBIN="$dir" go install -trimpath -ldflags "-s -w" \
    "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$PULUMI_YAML_VERSION" >&2
  say "built pulumi-language-yaml in $(( $(date +%s) - started ))s"
}
# build_once's BUILDs: everything, or the YAML language host added to a cached build that predates it.
build_all() { "$here/build-pulumi-cli.sh" "$PULUMI_VERSION" "$1"; build_yaml_host "$1"; }
add_yaml_host() { cp -a "$DEST/bin/." "$1/"; build_yaml_host "$1"; }

# 1. Reuse a pulumi on PATH with the pinned version and a Python language host beside it.
if onpath="$(command -v pulumi 2>/dev/null)"; then
  dir="$(dirname "$(readlink -f "$onpath")")"
  if pinned_install "$dir"; then
    say "using pulumi v$PULUMI_VERSION found on PATH at $dir"
    echo "$dir"; exit 0
  fi
fi

# 2. Reuse a cached build (adding the YAML language host to a build that predates it).
if python_ready "$DEST/bin" && [ "$(version_of "$DEST/bin")" = "$PULUMI_VERSION" ]; then
  if ! complete_install "$DEST/bin" && [ "${1:-}" != "--find" ] && command -v go >/dev/null 2>&1; then
    require_go "the YAML language host"
    local_go
    build_once "$DEST" pinned_install add_yaml_host
  fi
  if [ "$(cat "$DEST/bin/LANGHOST" 2>/dev/null)" = fallback ] && ! fallback_current "$DEST/bin"; then
    # Keep the fallback language host in step with this checkout.
    lock_cache "$DEST"
    bash "$here/langhost/install.sh" "$DEST/bin"
    unlock_cache
  fi
  complete_install "$DEST/bin" || say "no pulumi-language-yaml beside it: Pulumi YAML programs need \`make pulumi-cli\` (with Go)"
  say "using cached pulumi v$PULUMI_VERSION at $DEST/bin (language host: $(cat "$DEST/bin/LANGHOST" 2>/dev/null || echo go))"
  echo "$DEST/bin"; exit 0
fi
[ "${1:-}" = "--find" ] && { say "no pulumi v$PULUMI_VERSION found; run \`make pulumi-cli\` to build it"; exit 1; }

# 3. Build it.
require_go "the pinned Pulumi CLI" "or install Pulumi v$PULUMI_VERSION from https://www.pulumi.com/docs/install/ and put it on PATH"
local_go
build_once "$DEST" pinned_install build_all
echo "$DEST/bin"
