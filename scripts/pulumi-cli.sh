#!/usr/bin/env bash
# Ensure a Pulumi CLI of the pinned version is available, building it from the
# Go module proxy when no compatible one exists. Prints the directory holding
# `pulumi` on the last line of stdout; progress goes to stderr.
#
#   PULUMI_VERSION   pinned CLI version (default below)
#   PULUMI_CLI_CACHE cache root (default ~/.cache/panorama-import-gate)
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-3.274.1}"
PULUMI_YAML_VERSION="${PULUMI_YAML_VERSION:-1.25.0}"
CACHE_ROOT="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/panorama-import-gate}"
DEST="$CACHE_ROOT/pulumi-v$PULUMI_VERSION"
here="$(cd "$(dirname "$0")" && pwd)"
say() { printf 'pulumi-cli: %s\n' "$*" >&2; }

# Every binary the engine needs for a Python project.
python_ready() {
  local dir="$1"
  [ -x "$dir/pulumi" ] && [ -x "$dir/pulumi-language-python" ] \
    && [ -x "$dir/pulumi-language-python-exec" ] && [ -x "$dir/pulumi-resource-pulumi-python" ]
}
# ... and the YAML language host, beside `pulumi` so the CLI uses it without PATH warnings.
complete_install() { python_ready "$1" && [ -x "$1/pulumi-language-yaml" ]; }

build_yaml_host() {
  local dir="$1" started
  started=$(date +%s)
  say "building pulumi-language-yaml v$PULUMI_YAML_VERSION into $dir (about 2 minutes cold)"
  GOBIN="$dir" GOFLAGS="${GOFLAGS:--buildvcs=false}" GOTOOLCHAIN="${GOTOOLCHAIN:-local}" \
    go install -trimpath -ldflags "-s -w" "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$PULUMI_YAML_VERSION" >&2
  say "built pulumi-language-yaml in $(( $(date +%s) - started ))s"
}

version_of() { "$1/pulumi" version 2>/dev/null | sed 's/^v//'; }

# 1. Reuse a pulumi on PATH with the pinned version and a Python language host beside it.
if onpath="$(command -v pulumi 2>/dev/null)"; then
  dir="$(dirname "$(readlink -f "$onpath")")"
  if complete_install "$dir" && [ "$(version_of "$dir")" = "$PULUMI_VERSION" ]; then
    say "using pulumi v$PULUMI_VERSION found on PATH at $dir"
    echo "$dir"; exit 0
  fi
fi

# 2. Reuse a cached build (adding the YAML language host to a build that predates it).
if python_ready "$DEST/bin" && [ "$(version_of "$DEST/bin")" = "$PULUMI_VERSION" ]; then
  if ! complete_install "$DEST/bin" && [ "${1:-}" != "--find" ] && command -v go >/dev/null 2>&1; then
    build_yaml_host "$DEST/bin"
  fi
  if [ "$(cat "$DEST/bin/LANGHOST" 2>/dev/null)" = fallback ]; then
    # Keep the fallback language host in step with this checkout.
    bash "$here/langhost/install.sh" "$DEST/bin"
  fi
  complete_install "$DEST/bin" || say "no pulumi-language-yaml beside it: Pulumi YAML programs need \`make pulumi-cli\` (with Go)"
  say "using cached pulumi v$PULUMI_VERSION at $DEST/bin (language host: $(cat "$DEST/bin/LANGHOST" 2>/dev/null || echo go))"
  echo "$DEST/bin"; exit 0
fi
[ "${1:-}" = "--find" ] && { say "no pulumi v$PULUMI_VERSION found; run \`make pulumi-cli\` to build it"; exit 1; }

# 3. Build it.
if ! command -v go >/dev/null 2>&1; then
  say "Go is not installed: install Go 1.24 or newer (https://go.dev/doc/install) to build the pinned Pulumi CLI, or install Pulumi v$PULUMI_VERSION from https://www.pulumi.com/docs/install/ and put it on PATH."
  exit 1
fi
"$here/build-pulumi-cli.sh" "$PULUMI_VERSION" "$DEST" >/dev/null
build_yaml_host "$DEST/bin"
echo "$DEST/bin"
