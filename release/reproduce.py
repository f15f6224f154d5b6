"""`python -m release reproduce [--rehearse]`: two builds of one commit, in two clones at different paths,
must give the same SHA256SUMS. The working tree (what git tracks or would, uncommitted changes included) is
committed on top of two clones with the same author, date and message, so both hold the same commit; the
first builds with empty pip, npm and Go caches (a cold CI machine), the second with this machine's. Each step
is timed as .ci/run times it. With --rehearse the cold clone also runs `make rehearsal`.

Only the signature and the public key differ between the builds: each signs with its own throwaway key."""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import tempfile
from pathlib import Path

from release.build import tracked
from release.common import ROOT, ReleaseError, Timer, run, say, source_date_epoch


def snapshot(target: Path, epoch: int) -> Path:
    """A clone of this repository (full history: the upgrade test builds 0.3.0 from it) with the working tree
    committed on top, dated ``epoch``: two snapshots of one working tree hold the same commit."""
    run(["git", "clone", "-q", ROOT, target])
    wanted = {path.relative_to(ROOT) for path in tracked((".",))}
    for name in run(["git", "-C", target, "ls-files", "-z"]).stdout.split("\0"):
        if name and Path(name) not in wanted:
            (target / name).unlink(missing_ok=True)  # deleted or moved in the working tree
    for relative in sorted(wanted):
        copy = target / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, copy)
    when = f"@{epoch} +0000"
    env = {
        **os.environ, "GIT_AUTHOR_NAME": "release", "GIT_AUTHOR_EMAIL": "release@localhost",
        "GIT_COMMITTER_NAME": "release", "GIT_COMMITTER_EMAIL": "release@localhost",
        "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
    }  # fmt: skip
    run(["git", "-C", target, "add", "-A"], env=env)
    run(["git", "-C", target, "commit", "-q", "--no-gpg-sign", "--allow-empty", "-m", "working tree"], env=env)
    return target


def steps(clone: Path, targets: list[str], env: dict[str, str]) -> dict[str, float]:
    timings: dict[str, float] = {}
    for target in targets:
        timer, name = Timer(), f"make {target}"
        try:
            run(["make", target], cwd=clone, env={**env, "E2E_REQUIRED": "1"}, timeout=3600)
        except ReleaseError as exc:  # the comparison still runs; the failure is reported
            say(f"reproduce: {clone.name}: {exc}")
            name += " (FAILED)"
        timings[name] = round(timer.seconds)
        say(f"reproduce: {clone.name}: `{name}` took {timings[name]}s")
    return timings


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m release reproduce")
    parser.add_argument("--rehearse", action="store_true", help="also run `make rehearsal` in the cold clone")
    args = parser.parse_args(argv)
    epoch = source_date_epoch()
    with tempfile.TemporaryDirectory(prefix="release-reproduce-") as tmp:
        work = Path(tmp)
        cold_caches = work / "caches"
        cold = {
            **os.environ, "PIP_CACHE_DIR": str(cold_caches / "pip"), "npm_config_cache": str(cold_caches / "npm"),
            "GOMODCACHE": str(cold_caches / "gomod"), "GOCACHE": str(cold_caches / "gocache"),
            "GOFLAGS": "-modcacherw", "REHEARSAL_CACHE": str(cold_caches / "tools"),
        }  # fmt: skip
        first = snapshot(work / "a" / "panorama-import-gate", epoch)
        second = snapshot(work / "elsewhere" / "deeper" / "clone-b", epoch)
        cold_targets = ["setup", "release", *(["rehearsal"] if args.rehearse else [])]
        timings = {
            "cold": steps(first, cold_targets, cold),
            "warm": steps(second, ["setup", "release"], dict(os.environ)),
        }
        sums = [(clone / "dist" / "release" / "SHA256SUMS").read_text() for clone in (first, second)]
        for kind, measured in timings.items():
            say(f"reproduce: {kind}: " + ", ".join(f"{name} {seconds}s" for name, seconds in measured.items()))
        if sums[0] != sums[1]:
            diff = "".join(difflib.unified_diff(sums[0].splitlines(True), sums[1].splitlines(True), "a", "b"))
            say(f"reproduce: the two builds differ:\n{diff}")
            raise SystemExit(1)
        print(sums[0], end="")
        say(f"reproduce: both builds give the same SHA256SUMS ({len(sums[0].splitlines())} files)")
