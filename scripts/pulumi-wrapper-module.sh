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
[ -f go.mod ] || { echo "pulumi-wrapper-module.sh: no go.mod in $(pwd)" >&2; exit 1; }

go mod edit -require="github.com/pulumi/pulumi/pkg/v3@v$VERSION" -require="github.com/pulumi/pulumi/sdk/v3@v$VERSION"
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
