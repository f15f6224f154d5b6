#!/usr/bin/env bash
# Copy the non-local `replace` directives of MODULE@VERSION's go.mod into the Go module in the current
# folder. Usage: mirror-replaces.sh MODULE@VERSION
#
# Go ignores a dependency's replace directives, so a module that relies on them (pulumi's pkg/v3 and
# sdk/v3, SeaweedFS) cannot be built with `go install …@version`: a wrapper module that requires it
# and carries the same replaces can. Local ones (`=> ./x`, `=> ../x`) are dropped; both
# `old => new ver` and `old oldver => new ver` are understood, and `//` comments ignored.
set -euo pipefail
target="$1"
[ -f go.mod ] || { echo "mirror-replaces.sh: no go.mod in $(pwd)" >&2; exit 1; }
modfile="$(go mod download -json "$target" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
[ -n "$modfile" ] || { echo "mirror-replaces.sh: go mod download gave no go.mod for $target" >&2; exit 1; }
awk '
  /^replace \(/ {inblock=1; next}
  inblock && /^\)/ {inblock=0; next}
  inblock {print; next}
  /^replace / {sub(/^replace /, ""); print}
' "$modfile" | sed 's#//.*##' | while read -r -a f; do
  [ "${#f[@]}" -ge 3 ] || continue
  if [ "${f[1]}" = "=>" ]; then from="${f[0]}"; to="${f[2]}"; ver="${f[3]:-}"
  else from="${f[0]}@${f[1]}"; to="${f[3]:-}"; ver="${f[4]:-}"; fi
  case "$to" in ./*|../*|/*) continue ;; esac
  [ -n "$ver" ] || continue
  go mod edit -replace="$from=$to@$ver"
done
