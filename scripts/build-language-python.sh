#!/usr/bin/env bash
# Put `pulumi-language-python` into BIN. Usage: build-language-python.sh VERSION WORKDIR BIN LDFLAGS
#
# Preferred: the official Go language host. Its module has no tags, so we resolve
# the commit behind the release (Origin.Hash of sdk/v3@vVERSION, or
# PULUMI_LANGUAGE_PYTHON_VERSION if given) to a pseudo-version and build it.
# If the module proxy cannot serve it (the proxy reachable from this project's
# machines strips Origin and refuses the module's pseudo-versions), install the
# project's fallback language host from scripts/langhost instead and say so.
set -euo pipefail
VERSION="$1"; WORK="$2"; BIN="$3"; LDFLAGS="$4"
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh" pulumi-cli
module=github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3

wanted="${PULUMI_LANGUAGE_PYTHON_VERSION:-}"
if [ -z "$wanted" ]; then
  wanted="$(cd "$WORK" && go mod download -json "github.com/pulumi/pulumi/sdk/v3@v$VERSION" \
    | sed -n '/"Origin"/,/}/s/.*"Hash": "\([0-9a-f]*\)".*/\1/p' | head -n 1)"
fi

if [ -n "$wanted" ] && (cd "$WORK" && go get "$module@$wanted" >&2 2>/dev/null) \
   && (cd "$WORK" && go build -trimpath -tags osusergo,grpcnotrace -ldflags "$LDFLAGS" -o "$BIN/pulumi-language-python" "$module" >&2); then
  echo go > "$BIN/LANGHOST"
  say "built the Go Python language host ($module@$wanted)"
  exit 0
fi

bash "$here/langhost/install.sh" "$BIN"
say "the module proxy does not serve $module for v$VERSION (no Origin commit, pseudo-versions refused);"
say "installed the project's fallback Python language host (scripts/langhost) instead."
