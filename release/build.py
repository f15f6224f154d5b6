"""`make release` (`python -m release build`): everything a user installs, into dist/release/.

    panorama_import_gate-V-py3-none-any.whl, panorama_import_gate-V.tar.gz      the Python distribution
    pulumi-resource-panorama-import-gate-vV-linux-amd64.tar.gz                    the provider plugin archive
    panorama-import-gate-pulumi-V.tgz                                             the npm package
    pulumi_panorama_import_gate-V-py3-none-any.whl, pulumi_panorama_import_gate-V.tar.gz   the Python SDK
    goproxy/<module>/@v/{list,vV.info,vV.mod,vV.zip}                              the Go module
    schema.json, CHANGELOG.md, SHA256SUMS, SHA256SUMS.asc, release-signing-key.asc

Every timestamp is the commit's (SOURCE_DATE_EPOCH), so two builds of one commit give the same SHA256SUMS."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from release import gomodule, signing
from release.archives import repack_tar_gz
from release.common import (
    PACKAGE,
    ROOT,
    ReleaseError,
    Timer,
    plugin_archive_name,
    run,
    say,
    size_text,
    source_date_epoch,
    version,
)
from release.plugin_archive import build_archive

#: What the Python distribution is built from (the working tree's files that git would track).
PYTHON_SOURCES = ("pyproject.toml", "README.md", "components", "emulator", "LICENSE", "LICENSE.txt", "NOTICE")


def tracked(paths: tuple[str, ...], root: Path = ROOT) -> list[Path]:
    """The files under ``paths`` that git tracks or would (not ignored), as they are in the working tree."""
    listed = run(["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *paths])
    return sorted({root / name for name in listed.stdout.split("\0") if name and (root / name).is_file()})


def stage(paths: tuple[str, ...], target: Path, root: Path = ROOT) -> Path:
    for path in tracked(paths, root):
        copy = target / path.relative_to(root)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    return target


def python_dists(source: Path, out: Path, work: Path, env: dict[str, str]) -> list[Path]:
    """The wheel (pip, no build isolation: the pinned setuptools) and the sdist (repacked reproducibly)."""
    dist = work / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    run([*pip, "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", dist, f"{source}/"], env=env)
    code = "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"
    built = run([sys.executable, "-c", code, dist], cwd=source, env=env).stdout.strip().splitlines()[-1]
    (wheel,) = dist.glob("*.whl")
    shutil.copyfile(wheel, out / wheel.name)
    sdist = repack_tar_gz(dist / built, out / built, int(env["SOURCE_DATE_EPOCH"]))
    run([sys.executable, "-m", "twine", "check", "--strict", out / wheel.name, sdist])
    return [out / wheel.name, sdist]


def sdk_artifacts(out: Path, work: Path, release: str, env: dict[str, str]) -> list[Path]:
    """scripts/sdks.sh build (the npm tarball, checked to load; Go built, vetted and required by a program;
    dist/sdks for the e2e tests), then the npm tarball and the Python SDK's wheel and sdist."""
    run(["bash", ROOT / "scripts" / "sdks.sh", "build"], cwd=ROOT, env={**env, "PY": sys.executable}, timeout=1800)
    npm = ROOT / "dist" / "sdks" / f"panorama-import-gate-pulumi-{release}.tgz"
    if not npm.is_file():
        raise ReleaseError(f"scripts/sdks.sh built no {npm.name}: see its messages above.")
    shutil.copyfile(npm, out / npm.name)
    source = work / "sdk-python"
    shutil.rmtree(source, ignore_errors=True)
    stage(("sdk/python",), work / "sdk-stage")
    shutil.copytree(work / "sdk-stage" / "sdk" / "python", source)
    # pyproject.toml names README.md beside it, but the generator writes it into the package (as sdks.sh copies).
    shutil.copyfile(next(source.glob("pulumi_*/README.md")), source / "README.md")
    return [out / npm.name, *python_dists(source, out, work / "sdk", env)]


def schema(out: Path) -> tuple[Path, str]:
    """schema.json, and what `pulumi schema check` says of it."""
    target = out / "schema.json"
    shutil.copyfile(ROOT / "schema.json", target)
    cli = run(["bash", ROOT / "scripts" / "pulumi-cli.sh", "--find"]).stdout.strip().splitlines()[-1]
    checked = subprocess.run(
        [f"{cli}/pulumi", "schema", "check", str(target)], capture_output=True, text=True, check=False, timeout=120
    )
    verdict = (checked.stdout + checked.stderr).strip() or "(no output)"
    if checked.returncode != 0:
        raise ReleaseError(f"`pulumi schema check schema.json` failed: {verdict}")
    return target, verdict


def changelog(out: Path) -> Path:
    source = ROOT / "CHANGELOG.md"
    if not source.is_file():
        raise ReleaseError("CHANGELOG.md is missing: the release ships the changelog, so write it first.")
    return Path(shutil.copyfile(source, out / "CHANGELOG.md"))


def build(out: Path) -> dict[str, str]:
    """Everything into ``out``; returns each artifact's size by name, and the signing key's fingerprint."""
    timer, release, epoch = Timer(), version(), source_date_epoch()
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "PYTHONHASHSEED": "0"}
    work = out.parent / f".{out.name}-work"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    out.mkdir(parents=True)
    work.mkdir(parents=True)
    say(f"building {PACKAGE} {release} into {out} (SOURCE_DATE_EPOCH={epoch})")
    step = Timer()
    wheel, _sdist = python_dists(stage(PYTHON_SOURCES, work / "source"), out, work, env)
    say(f"Python distribution built and `twine check`ed in {step}")
    step = Timer()
    build_archive(wheel, work, out / plugin_archive_name(release), release, epoch)
    say(f"plugin archive built in {step}")
    step = Timer()
    sdk_artifacts(out, work, release, env)
    say(f"SDKs built in {step}")
    gomodule.write_proxy(ROOT / "sdk" / "go", out / "goproxy", release, epoch)
    _schema, verdict = schema(out)
    say(f"pulumi schema check schema.json: {verdict}")
    changelog(out)
    key = signing.sign(out)
    shutil.rmtree(work)
    sizes = {p.relative_to(out).as_posix(): size_text(p) for p in sorted(out.rglob("*")) if p.is_file()}
    for name, size in sizes.items():
        say(f"  {size:>10}  {name}")
    say(f"release {release} built in {timer}; SHA256SUMS signed by key {key}")
    return {**sizes, "signing key": key}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m release build", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "release", help="default: dist/release")
    build(parser.parse_args(argv).out.resolve())
