#!/usr/bin/env bash
# The generated SDKs (Node.js, Go, Python) of the `panorama-import-gate` plugin.
#
#   sdks.sh generate   write schema.json and sdk/{nodejs,go,python} from the property table
#   sdks.sh check      exit 1 when schema.json or any file under sdk/ is out of date
#   sdks.sh build      build what users install into dist/sdks/: the npm tarball (loaded once),
#                      the Python wheel (installed and imported in a throwaway venv); and prove
#                      the Go module builds and vets clean and a program requiring it builds
#
# sdk/ holds exactly the generators' output plus sdk/go/go.mod and go.sum (from `go mod tidy`);
# builds run in copies under dist/sdks/build, so sdk/ never holds node_modules or bin/.
#
#   PY               the project's Python (default .venv/bin/python)
#   PULUMI_VERSION   pulumi/pkg/v3 and sdk/v3 version of the generators and the Go SDK (default in
#                    versions.env)
set -euo pipefail
# Resolve paths before any `cd`: make runs this by a relative path.
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
# shellcheck source=lib.sh
. "$here/lib.sh" sdks
cd "$root"
PY="${PY:-.venv/bin/python}"
local_go
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
size() { du -sb "$1" | cut -f1 | numfmt --to=iec-i --suffix=B --format=%.1f; }

# generate_into DIR: DIR/schema.json and DIR/sdk/{nodejs,go,python}, as the repository holds them.
generate_into() {
  local dir="$1" sdkgen started
  sdkgen="$("$here/build-sdkgen.sh" | tail -n 1)"
  started=$(now)
  mkdir -p "$dir/sdk"
  "$PY" -m components.codegen --schema >"$dir/schema.json"
  "$sdkgen" -schema "$dir/schema.json" -out "$dir/sdk" -sdk-version "$PULUMI_VERSION"
  # The Go generator writes no go.mod (sdkgen writes a minimal one); tidy completes it and writes go.sum.
  (cd "$dir/sdk/go" && go mod tidy >&2)
  say "generated schema.json and sdk/{nodejs,go,python} in $(since "$started")"
}

check() {
  local tmp stale
  tmp="$(mktemp -d)"
  trap "rm -rf '$tmp'" EXIT
  generate_into "$tmp"
  # diff -q names a changed file twice, an extra or missing one as "Only in DIR: NAME".
  stale="$( { diff -q "$tmp/schema.json" schema.json 2>&1 || true; diff -rq "$tmp/sdk" sdk 2>&1 || true; } | sed \
    -e "s#^Files $tmp/\(.*\) and .* differ\$#\1 is out of date#" \
    -e "s#^Only in $tmp/\([^:]*\): \(.*\)\$#\1/\2 is missing#" \
    -e "s#^Only in \(sdk[^:]*\): \(.*\)\$#\1/\2 is not generated#" )"
  if [ -n "$stale" ]; then
    printf '%s\n' "$stale" >&2
    say "schema.json or sdk/ is out of date: run \`make generate\`"
    return 1
  fi
  say "schema.json and sdk/ are up to date"
}

build_nodejs() {
  local out="$1" work="$1/build/nodejs" started tarball
  started=$(now)
  rm -rf "$work" && mkdir -p "$(dirname "$work")" && cp -r sdk/nodejs "$work"
  (
    cd "$work"
    # On Node 20 npm warns EBADENGINE: @pulumi/pulumi 3.276.0 declares node >= 22 (it runs on 20).
    npm install --no-audit --no-fund >&2
    ./node_modules/.bin/tsc >&2
    # The package is bin/: the compiled .js and .d.ts beside the package.json that names them.
    cp package.json README.md bin/
    node -e 'const sdk = require("./bin"); if (typeof sdk.PackageImportJob !== "function") process.exit(1)'
    cd bin && npm pack --pack-destination "$out" --loglevel=error >/dev/null
  )
  tarball="$(cd "$work/bin" && node -p 'const p = require("./package.json"); p.name.replace(/^@/, "").replace("/", "-") + "-" + p.version + ".tgz"')"
  say "nodejs: dist/sdks/$tarball ($(size "$out/$tarball")) built in $(since "$started")"
}

build_go() {
  local user="$1/build/go-user" started module import
  started=$(now)
  (cd sdk/go && go build ./... && go vet ./...)
  module="$(cd sdk/go && go list -m)"
  import="$("$PY" -c 'from components.plugin.sdk_languages import GO_IMPORT_BASE_PATH; print(GO_IMPORT_BASE_PATH)')"
  # A user program requires the module and replaces it with the folder.
  mkdir -p "$user"
  printf 'module example.com/user\n\ngo %s\n\nrequire %s v0.0.0\n\nreplace %s => %s\n' \
    "$GO_MINIMUM" "$module" "$module" "$root/sdk/go" >"$user/go.mod"
  printf '%s\n' 'package main' '' 'import (' "	sdk \"$import\"" \
    '	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"' ')' '' 'func main() {' \
    '	pulumi.Run(func(ctx *pulumi.Context) error {' \
    '		_, err := sdk.NewPackageImportJob(ctx, "job", &sdk.PackageImportJobArgs{})' \
    '		return err' '	})' '}' >"$user/main.go"
  (cd "$user" && go mod tidy && go build -o /dev/null .) >&2
  say "go: sdk/go ($(size sdk/go), module $module) builds and vets clean, and a program requiring it builds ($(since "$started"))"
}

build_python() {
  local out="$1" work="$1/build/python" venv="$1/build/venv" started wheel name
  started=$(now)
  # A copy, because pip builds in the source tree (build/, *.egg-info).
  rm -rf "$work" "$venv" && mkdir -p "$(dirname "$work")" && cp -r sdk/python "$work"
  # pyproject.toml names README.md beside it, but the generator writes it into the package.
  cp "$work"/pulumi_*/README.md "$work/README.md"
  "$PY" -m pip wheel --no-deps --disable-pip-version-check -q -w "$work/dist" "$work" >&2
  wheel="$(ls "$work"/dist/*.whl)"
  cp "$wheel" "$out/"
  wheel="$out/$(basename "$wheel")"
  say "python: dist/sdks/$(basename "$wheel") ($(size "$wheel")) built in $(since "$started")"

  started=$(now)
  name="$("$PY" -c 'from components.plugin.sdk_languages import PYTHON_PACKAGE; print(PYTHON_PACKAGE)')"
  "$PY" -m venv "$venv"
  # The project's constraints pin the same pulumi the rest of the project is tested with.
  "$venv/bin/pip" install -q --disable-pip-version-check -c constraints.txt "$wheel" >&2
  (cd "$venv" && "$venv/bin/python" -c "
import importlib.metadata, $name as sdk
assert sdk.PackageImportJob and sdk.get_package_import_job and sdk.Provider
print('imports', '$name', importlib.metadata.version('$name'))
") >&2
  rm -rf "$venv"
  say "python: the wheel installs into a fresh venv and imports ($(since "$started"))"
}

build() {
  local out="$root/dist/sdks" started
  started=$(now)
  rm -rf "$out" && mkdir -p "$out"
  build_nodejs "$out"
  build_go "$out"
  build_python "$out"
  rm -rf "$out/build"
  say "all SDK artifacts built in $(since "$started"):"
  ls -l "$out" >&2
}

case "${1:-}" in
  generate) generate_into "$root" ;;
  check) check ;;
  build) build ;;
  *) echo "usage: $0 generate|check|build" >&2; exit 2 ;;
esac
