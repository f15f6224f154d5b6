"""P9: from an empty machine to the first passed gate, per language, install included; and the plugin
archive's first and later start. It runs the release rehearsal's set-up (release/rehearsal.py): dist/release
published to verdaccio, pypiserver, a module-proxy folder and a plugin mirror, then, per language, a user with
an empty HOME, PULUMI_HOME and caches installs the example program's packages by name and runs `pulumi up`
(whose first run downloads the plugin). The user's Pulumi CLI is copied in and not counted."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from bench.figures import ROOT, Env, Figure
from bench.stats import Sample
from release.common import plugin_archive_name
from release.compare import start_seconds
from release.rehearsal import RELEASE, Rehearsal
from release.users import SYSTEM_PATH, TITLES
from tests.release.installs import documented_install

HEADER = ("Language", "Install", "First `pulumi up` (plugin download included)", "Empty machine → first passed gate")
LANGUAGES = ("typescript", "go", "python-sdk", "yaml", "python")
LATER_STARTS = 5


def _release() -> None:
    """dist/release as `make release` builds it (built here when missing)."""
    if not (RELEASE / "SHA256SUMS").is_file():
        subprocess.run([sys.executable, "-m", "release", "build"], cwd=ROOT, check=True)


def _first_gate(rehearsal: Rehearsal, language: str, run: int) -> tuple[float, float]:
    """(install, first up) seconds of a new user of ``language``; the gate must pass."""
    user = rehearsal.user(language, name=f"{language}-{run}")
    install = user.install(documented_install(language))
    job = rehearsal.seed(package_version="9.1")
    result = user.up(job, "first")
    assert result.ok and result.outputs.get("packageVersion") == "9.1", result.text
    return install, result.seconds


def _plugin_starts(rehearsal: Rehearsal, work: Path) -> tuple[float, Sample]:
    """The archive unpacked afresh: its first start (Python compiles lib/ once), then later starts."""
    with tarfile.open(RELEASE / plugin_archive_name(rehearsal.version)) as archive:
        archive.extractall(work, filter="data")
    command = [str(work / "pulumi-resource-panorama-import-gate")]
    env = {"PATH": SYSTEM_PATH, "HOME": str(work)}
    first = start_seconds(command, env)
    return first, Sample(tuple(start_seconds(command, env) for _ in range(LATER_STARTS)))


def p9_release(env: Env, quick: bool) -> Figure:
    figure = Figure("P9: from an empty machine to the first passed gate, installing the release by name")
    _release()
    runs = 1 if quick else 2
    with (
        tempfile.TemporaryDirectory(prefix="gate-bench-p9-") as tmp,
        Rehearsal(Path(tmp) / "work", env.pulumi_bin) as r,
    ):
        for language in LANGUAGES:
            measured = [_first_gate(r, language, run) for run in range(runs)]
            install = Sample(tuple(m[0] for m in measured))
            up = Sample(tuple(m[1] for m in measured))
            total = Sample(tuple(m[0] + m[1] for m in measured))
            figure.rows.append((TITLES[language], install.cell(), up.cell(), total.cell()))
        first, later = _plugin_starts(r, Path(tmp) / "plugin")
        set_up = r.timings
    figure.rows.append(("plugin archive: first start → port line (fresh unpack)", "", "", f"{first:.2f} s"))
    figure.rows.append(("plugin archive: later starts → port line", "", "", later.cell()))
    figure.goal(f"the plugin's later starts ≤ 0.5 s, as FACTS' probe ({later.median:.2f} s)", later.median <= 0.5)
    figure.notes.append(
        "Each user starts with an empty HOME, PULUMI_HOME and npm, pip and Go caches (Go only for the Go user); "
        "the registries (verdaccio proxying the npm registry, pypiserver holding the mirrored dependencies, a "
        "module-proxy folder before the Go module proxy, a plugin mirror) run on this machine and stay up between "
        "users, so from the second run on verdaccio's proxy cache is warm. Install: TypeScript `npm install` + "
        "`tsc`; Go `go mod tidy` + `go build`; Python `python3 -m venv` + `pip install -r requirements.txt`; "
        "YAML nothing. The registries' own set-up: "
        + "; ".join(f"{name} {seconds:.1f} s" for name, seconds in set_up.items())
        + "."
    )
    return figure
