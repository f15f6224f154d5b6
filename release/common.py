"""What the release steps share: the repository's facts (version, names, entry points), the commit's
timestamp for reproducible archives, and running commands with one-line progress messages."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import time
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "panorama-import-gate"
PLUGIN_EXECUTABLE = f"pulumi-resource-{PACKAGE}"
NPM_PACKAGE = "@panorama-import-gate/pulumi"
PYTHON_SDK = "pulumi-panorama-import-gate"
GO_MODULE = "github.com/panorama-import-gate/panorama-import-gate/sdk/go"
#: The schema's `pluginDownloadURL`: the project's GitHub releases.
RELEASE_HOME = "github://api.github.com/panorama-import-gate/panorama-import-gate"
PLATFORM = "linux-amd64"


class ReleaseError(Exception):
    """A failure the build reports as one sentence (cause and fix), without a traceback."""


def say(message: str) -> None:
    print(f"release: {message}", file=sys.stderr, flush=True)


def version(root: Path = ROOT) -> str:
    """`__version__` of components/version.py, read without importing the package."""
    tree = ast.parse((root / "components" / "version.py").read_text())
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(target, ast.Name) and target.id == "__version__" for target in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    raise ReleaseError("components/version.py assigns no string `__version__`: the release has no version.")


def entry_point(name: str, root: Path = ROOT) -> tuple[str, str]:
    """The module and function of a console script of pyproject.toml's `[project.scripts]`."""
    scripts = tomllib.loads((root / "pyproject.toml").read_text())["project"]["scripts"]
    if name not in scripts:
        raise ReleaseError(f"pyproject.toml's [project.scripts] has no `{name}`: the plugin has no entry point.")
    module, _, function = str(scripts[name]).partition(":")
    return module, function


def plugin_archive_name(release: str, platform: str = PLATFORM) -> str:
    return f"{PLUGIN_EXECUTABLE}-v{release}-{platform}.tar.gz"


def source_date_epoch(root: Path = ROOT) -> int:
    """SOURCE_DATE_EPOCH when set, else the time of the commit the checkout is at: every timestamp in the
    artifacts is this one, so two builds of a commit agree."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    done = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise ReleaseError(f"{root} is no git checkout with a commit: set SOURCE_DATE_EPOCH to build the release.")
    return int(done.stdout.strip())


def run(
    command: Sequence[str | Path],
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 900,
    quiet: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure raise ReleaseError naming it, with its last output lines."""
    args = [str(part) for part in command]
    done = subprocess.run(
        args, cwd=cwd, env=dict(env) if env is not None else None, capture_output=quiet, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        tail = "\n".join(((done.stdout or "") + (done.stderr or "")).strip().splitlines()[-25:])
        raise ReleaseError(f"`{' '.join(args)}` failed (exit {done.returncode}); its last lines:\n{tail}")
    return done


class Timer:
    """Seconds since it was made, as a short text."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def __str__(self) -> str:
        return f"{self.seconds:.1f}s"


def size_text(path: Path) -> str:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    size: float = sum(p.stat().st_size for p in files)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")
