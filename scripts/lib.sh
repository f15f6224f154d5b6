# What the build scripts share; source it as `. "$here/lib.sh" NAME`, where NAME prefixes the
# script's progress messages (`NAME: …`). It gives:
#   the pinned versions of versions.env (each overridable from the environment) and GO_MINIMUM;
#   CACHE_ROOT   where builds are kept: PULUMI_CLI_CACHE, else $XDG_CACHE_HOME (or ~/.cache)/panorama-import-gate;
#   say          a progress message, on stderr (stdout carries only the result a caller reads);
#   require_go   stop with one sentence when Go is missing or older than GO_MINIMUM;
#   local_go     Go's settings for a build (no VCS stamping, no toolchain download);
#   lock_cache   hold a cache folder's lock (unlock_cache lets it go);
#   build_once   a build into DEST/bin.partial under DEST/.lock, renamed to DEST/bin when complete.
# shellcheck shell=bash

_lib_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
. "$_lib_dir/versions.env"
_say_as="${1:?usage: . lib.sh NAME}"
# shellcheck disable=SC2034 # for the scripts that source this file
CACHE_ROOT="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/panorama-import-gate}"

say() { printf '%s: %s\n' "$_say_as" "$*" >&2; }

local_go() { export GOFLAGS="${GOFLAGS:--buildvcs=false}" GOTOOLCHAIN="${GOTOOLCHAIN:-local}"; }

# require_go WHAT [OR]: exit 1, saying how to get Go, unless a `go` of at least GO_MINIMUM is on
# PATH. WHAT is what needs it ("to build WHAT"), OR an alternative to offer.
require_go() {
  local what="$1" or="${2:+, $2}" have
  local get="install Go $GO_MINIMUM or newer (https://go.dev/doc/install) to build $what$or."
  if ! command -v go >/dev/null 2>&1; then
    say "Go is not installed: $get"
    exit 1
  fi
  have="$(go version | awk '{print $3}')"
  have="${have#go}"
  # With GOTOOLCHAIN=local (the scripts' default) an older Go fails deep in the build with
  # "go.mod requires go >= …"; say it first. Other settings let Go fetch a newer toolchain itself.
  if [ "${GOTOOLCHAIN:-local}" = local ] && [[ "$have" =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?$ ]] \
    && [ "$(printf '%s\n' "$have" "$GO_MINIMUM" | sort -V | head -n 1)" != "$GO_MINIMUM" ]; then
    say "Go $have is too old: $get"
    exit 1
  fi
}

# lock_cache DEST: hold DEST/.lock (created if need be) until unlock_cache or the script's exit,
# waiting, and saying so, while another run holds it. Every write into DEST happens under it.
lock_cache() {
  mkdir -p "$1"
  exec {_lock_fd}>"$1/.lock"
  if ! flock -n "$_lock_fd"; then
    say "waiting for another run that is building into $1"
    flock "$_lock_fd"
  fi
}
unlock_cache() { exec {_lock_fd}>&-; }

# build_once DEST READY BUILD [ARG...]: leave a complete build in DEST/bin, one build at a time.
#   READY DIR         succeeds when DIR holds a complete build;
#   BUILD ARG... DIR  fills the empty folder DIR (in a subshell, so its `cd` stays there; its
#                     stdout goes to stderr, as callers keep stdout for their result).
# Callers wait on DEST/.lock; whoever gets it first builds, and the others find its result. The
# build goes into DEST/bin.partial, which replaces DEST/bin only once BUILD has succeeded and READY
# accepts it, so an interrupted build never looks complete (the next one starts it afresh).
# Call it as a plain command (not after `if`, `!`, `&&` or `||`): bash ignores `set -e` there, and
# a failing step of BUILD would not stop it.
build_once() {
  local dest="$1" ready="$2" started
  shift 2
  lock_cache "$dest"
  started=$SECONDS
  if "$ready" "$dest/bin"; then
    say "built meanwhile by another run: $dest/bin"
  else
    rm -rf "${dest:?}/bin.partial"
    mkdir -p "$dest/bin.partial"
    ( "$@" "$dest/bin.partial" ) >&2
    if ! "$ready" "$dest/bin.partial"; then
      say "the build ended without a complete result in $dest/bin.partial; see the messages above"
      exit 1
    fi
    rm -rf "${dest:?}/bin"
    mv "$dest/bin.partial" "$dest/bin"
    say "built into $dest/bin in $(( SECONDS - started ))s"
  fi
  unlock_cache
}
