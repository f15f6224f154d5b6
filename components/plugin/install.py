"""Install the plugin into Pulumi's plugin cache, so Pulumi finds it without PATH (and without warnings).

Writes a one-file plugin package (a `pulumi-resource-panorama-import-gate` script that starts
this Python with this package) and runs
`pulumi plugin install resource panorama-import-gate <version> --file <tarball> --reinstall`.
"""

from __future__ import annotations

import io
import shlex
import subprocess
import sys
import tarfile
from pathlib import Path

from ..version import __version__
from . import PACKAGE

EXECUTABLE = f"pulumi-resource-{PACKAGE}"


def launcher() -> str:
    """The plugin executable: this interpreter running this package's plugin server."""
    package = __package__ or "components.plugin"  # `panorama_import_gate.plugin` when installed
    root = Path(__file__).resolve().parents[2]  # the directory holding the top-level package
    return (
        "#!/bin/sh\n"
        f"# Starts the {PACKAGE} provider plugin {__version__} (written by `install-plugin`).\n"
        f"PYTHONPATH={shlex.quote(str(root))}${{PYTHONPATH:+:$PYTHONPATH}} "
        f'exec {shlex.quote(sys.executable)} -m {package} "$@"\n'
    )


def tarball(destination: Path) -> Path:
    path = destination / f"{PACKAGE}-{__version__}.tgz"
    data = launcher().encode()
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo(EXECUTABLE)
        info.size, info.mode = len(data), 0o755
        archive.addfile(info, io.BytesIO(data))
    return path


def install(workdir: Path, pulumi: str = "pulumi") -> subprocess.CompletedProcess[str]:
    """Install into the plugin cache of the `pulumi` on PATH (honours PULUMI_HOME)."""
    package = tarball(workdir)
    return subprocess.run(
        [pulumi, "plugin", "install", "resource", PACKAGE, __version__, "--file", str(package), "--reinstall"],
        capture_output=True,
        text=True,
        check=False,
    )
