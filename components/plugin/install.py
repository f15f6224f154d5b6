"""Install the plugin into Pulumi's plugin cache, so Pulumi finds it without PATH (and without warnings).

Writes a one-file plugin package (a `pulumi-resource-panorama-import-gate` script that starts
this Python with this package) and runs
`pulumi plugin install resource panorama-import-gate <version> --file <tarball> --reinstall`.
"""

from __future__ import annotations

import io
import os
import shlex
import subprocess
import sys
import tarfile
from pathlib import Path

from ..version import __version__
from . import PACKAGE

EXECUTABLE = f"pulumi-resource-{PACKAGE}"


#: Set by the launcher to the version it was installed for; the server refuses to start on a mismatch.
VERSION_VARIABLE = "PANORAMA_IMPORT_GATE_PLUGIN_VERSION"


def launcher(python: str = sys.executable, package: str | None = None) -> str:
    """The plugin executable: this interpreter running this package's plugin server.

    When that interpreter or package is gone (a moved or deleted virtualenv, an uninstalled
    package), the first line the plugin prints says to run `install-plugin` again.
    """
    package = package or __package__ or "components.plugin"  # `panorama_import_gate.plugin` when installed
    path = ""
    if package.startswith("components."):
        # Inside this repository the package is not installed: put the checkout on the path.
        root = Path(__file__).resolve().parents[2]
        path = f"PYTHONPATH={shlex.quote(str(root))}${{PYTHONPATH:+:$PYTHONPATH}} "
    gone = (
        f"error: the {PACKAGE} plugin cannot start: {{}}. Run `panorama-import-gate install-plugin` again "
        "with the Python environment where the package is installed now."
    )
    braced = python.replace("{", "{{").replace("}", "}}")
    cannot_import = gone.format(f"{braced} cannot import {{}}")  # a str.format template, filled in by the plugin
    # Any module the plugin cannot import (the package itself, or one it needs, such as grpc) means the
    # environment changed since `install-plugin`.
    bootstrap = (
        "import sys\n"
        "try:\n"
        f"    from {package}.server import main\n"
        "except ModuleNotFoundError as exc:\n"
        f"    sys.exit({cannot_import!r}.format(exc.name))\n"
        "main()\n"
    )
    missing = gone.format(f"{python} no longer exists (a moved or deleted virtualenv?)")
    return (
        "#!/bin/sh\n"
        f"# Starts the {PACKAGE} provider plugin {__version__} (written by `install-plugin`).\n"
        f"[ -x {shlex.quote(python)} ] || {{ printf '%s\\n' {shlex.quote(missing)} >&2; exit 1; }}\n"
        f'{path}{VERSION_VARIABLE}={__version__} exec {shlex.quote(python)} -c {shlex.quote(bootstrap)} "$@"\n'
    )


def installed_version_mismatch() -> str | None:
    """A one-line error when the cached launcher was installed for another version of the package."""
    installed = os.environ.get(VERSION_VARIABLE)
    if installed and installed != __version__:
        return (
            f"error: the {PACKAGE} plugin in Pulumi's plugin cache was installed for version {installed}, but "
            f"{__version__} is installed now: run `panorama-import-gate install-plugin` again."
        )
    return None


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
