"""`python -m release compare WHEEL`: the plugin-packaging candidates of issue 26, built from one wheel and
measured alike (archive size, size unpacked, first start, later starts, what the host needs). Prints a
Markdown table; the choice it supports is the folder + launcher layout of release/plugin_archive.py.

A start is the time from spawning the plugin (with an unreachable engine address, as bench P5 does) to its
port line; the first start is in a fresh unpacked copy (a zipapp: an empty extraction folder)."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from release.archives import write_tar_gz
from release.common import PLUGIN_EXECUTABLE, ROOT, Timer, run, say, size_text, version
from release.plugin_archive import PYTHON_VERSION, Layout, build_folder

TOOLS = ROOT / "release" / "requirements-compare.txt"
EPOCH = 1_700_000_000
LATER_STARTS = 5


@dataclass
class Candidate:
    name: str
    host: str
    build: Callable[[Path, Path], list[str]]
    """build(wheel, folder) fills folder and returns the command that starts the plugin from it."""
    extract_env: str = ""
    """An environment variable naming a folder the plugin unpacks itself into on its first start."""


def start_seconds(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*command, "127.0.0.1:9"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - started
        if not line.strip().isdigit():
            proc.kill()
            raise RuntimeError(f"{command[0]} printed {line!r}, not a port: {proc.communicate()[1][-2000:]}")
        return elapsed
    finally:
        proc.kill()
        proc.wait()


def tools(work: Path) -> Path:
    venv = work / "tools"
    run([sys.executable, "-m", "venv", venv])
    run([venv / "bin" / "pip", "install", "-q", "--disable-pip-version-check", "-r", TOOLS])
    return venv / "bin"


def folder_candidate(layout: Layout) -> Callable[[Path, Path], list[str]]:
    def build(wheel: Path, folder: Path) -> list[str]:
        build_folder(wheel, folder, version(), layout)
        return [str(folder / PLUGIN_EXECUTABLE)]

    return build


def shiv_candidate(bin_dir: Path) -> Callable[[Path, Path], list[str]]:
    def build(wheel: Path, folder: Path) -> list[str]:
        target = folder / PLUGIN_EXECUTABLE
        run([
            bin_dir / "shiv", "-q", "-c", PLUGIN_EXECUTABLE, "-o", target,
            "--python", f"/usr/bin/env python{PYTHON_VERSION}",
            "--reproducible", "--no-modify", wheel, "--constraint", ROOT / "constraints.txt",  # pip's -c is shiv's own
        ])  # fmt: skip
        return [str(target)]

    return build


def pyinstaller_candidate(bin_dir: Path, work: Path) -> Callable[[Path, Path], list[str]]:
    def build(wheel: Path, folder: Path) -> list[str]:
        run([bin_dir / "pip", "install", "-q", "--disable-pip-version-check", "-c", ROOT / "constraints.txt", wheel])
        entry = work / "entry.py"
        entry.write_text("import sys\nfrom panorama_import_gate.plugin.server import main\nsys.exit(main())\n")
        run([
            bin_dir / "pyinstaller", "--noconfirm", "--log-level", "WARN", "--onedir", "--name", PLUGIN_EXECUTABLE,
            "--distpath", folder, "--workpath", work / "pyi-build", "--specpath", work, "--collect-data", "botocore",
            "--collect-submodules", "panorama_import_gate", "--collect-submodules", "pulumi", entry,
        ], timeout=1800)  # fmt: skip
        return [str(folder / PLUGIN_EXECUTABLE / PLUGIN_EXECUTABLE)]

    return build


def measure(candidate: Candidate, wheel: Path, work: Path) -> tuple[str, ...]:
    built = work / "built"
    built.mkdir(parents=True)
    timer = Timer()
    command = candidate.build(wheel, built)
    build_seconds = timer.seconds
    archive = write_tar_gz(built, work / "archive.tar.gz", EPOCH)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(work / "home"), "LANG": "C.UTF-8"}
    (work / "home").mkdir()
    if candidate.extract_env:
        env[candidate.extract_env] = str(work / "extracted")
    fresh = work / "fresh"
    fresh.mkdir()
    run(["tar", "-xzf", archive, "-C", fresh])
    command = [str(fresh / Path(part).relative_to(built)) if part.startswith(str(built)) else part for part in command]
    first = start_seconds(command, env)
    later = [start_seconds(command, env) for _ in range(LATER_STARTS)]
    return (
        candidate.name, size_text(archive), size_text(fresh), f"{first:.2f} s",
        f"{statistics.median(later):.2f} s ({min(later):.2f}-{max(later):.2f})",
        f"{build_seconds:.0f} s", candidate.host,
    )  # fmt: skip


def main(wheel: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="release-compare-") as tmp:
        work = Path(tmp)
        bin_dir = tools(work)
        host = f"Python {PYTHON_VERSION} on PATH, glibc ≥ 2.17"
        candidates = [
            Candidate("folder + launcher, all of botocore's data", host, folder_candidate(Layout(trim_botocore=False))),
            Candidate("folder + launcher, botocore trimmed (chosen)", host, folder_candidate(Layout())),
            Candidate(
                "folder + launcher, trimmed, .pyc shipped", host, folder_candidate(Layout(compile_bytecode=True))
            ),
            Candidate("shiv zipapp", f"{host}, a writable ~/.shiv", shiv_candidate(bin_dir), "SHIV_ROOT"),
            Candidate(
                "PyInstaller one-folder", "glibc ≥ the build's (no Python)", pyinstaller_candidate(bin_dir, work)
            ),
        ]
        rows = []
        for index, candidate in enumerate(candidates):
            say(f"compare: {candidate.name} ...")
            folder = work / f"candidate-{index}"
            try:
                rows.append(measure(candidate, wheel, folder))
            except Exception as exc:
                rows.append((candidate.name, "fails", "", "", "", "", str(exc).strip().splitlines()[-1][:160]))
            shutil.rmtree(folder, ignore_errors=True)
            say(f"compare: {' | '.join(rows[-1])}")
    header = (
        "Candidate",
        "Archive",
        "Unpacked",
        "First start",
        f"Later starts, median of {LATER_STARTS}",
        "Build",
        "Host needs",
    )
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
