#!/usr/bin/env bash
# Make the Go module in the current folder require github.com/pulumi/pulumi/pkg/v3 and sdk/v3
# at VERSION, mirroring their non-local replace directives. Usage: pulumi-wrapper-module.sh VERSION
#
# pkg/go.mod and sdk/go.mod carry replace directives, which Go ignores in a dependency, so
# `go install github.com/pulumi/pulumi/pkg/v3/...@vX` refuses to work. A throwaway wrapper
# module that requires both at the same version and copies their non-local replace lines
# builds what they would (the CLI, scripts/sdkgen). The local `sdk/v3 => ../sdk` is
# dropped: requiring sdk/v3 at the same version stands in for it.
set -euo pipefail
VERSION="$1"
here="$(cd "$(dirname "$0")" && pwd)"
[ -f go.mod ] || { echo "pulumi-wrapper-module.sh: no go.mod in $(pwd)" >&2; exit 1; }

go mod edit -require="github.com/pulumi/pulumi/pkg/v3@v$VERSION" -require="github.com/pulumi/pulumi/sdk/v3@v$VERSION"
for mod in pkg sdk; do
  "$here/mirror-replaces.sh" "github.com/pulumi/pulumi/$mod/v3@v$VERSION"
done
