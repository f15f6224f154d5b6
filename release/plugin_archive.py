"""The provider plugin as a Pulumi plugin archive that runs with no `pip install` on the target: a folder
of installed packages (`lib/`, one site-packages, so the Panorama model that botocore-a-la-carte-panorama
installs lands in botocore's data folder) beside a `sh` launcher named `pulumi-resource-panorama-import-gate`
that starts the host's Python 3.11 on it. The measurements behind this choice are in release/compare.py.

Nothing compiled by this build goes in (no .pyc: Python writes them into lib/ on the first start), nor
anything naming the build's paths (console-script wrappers, direct_url.json), so two builds agree."""

from __future__ import annotations

import csv
import email.parser
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from release.archives import write_tar_gz
from release.common import PACKAGE, PLUGIN_EXECUTABLE, ROOT, ReleaseError, entry_point, run

#: The CPython the compiled wheels (grpcio, protobuf, PyYAML, …) are built for, and so the one the host needs.
PYTHON_VERSION = "3.11"
#: Wheel platforms pip may choose for linux-amd64 (the glibc the archive needs is the newest one chosen).
LINUX_AMD64 = ("manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64", "linux_x86_64")
#: What botocore must keep of its data folder: the partitions and defaults, Panorama (from
#: botocore-a-la-carte-panorama), and the services the credential chain calls (assume-role and web
#: identity through STS, SSO profiles, `aws login`'s sign-in).
BOTOCORE_SERVICES = ("panorama", "sts", "sso", "sso-oidc", "signin")
LICENCE_NAMES = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS")


@dataclass(frozen=True)
class Layout:
    """How the folder is filled: trim botocore's models, and ship compiled bytecode (both measured)."""

    trim_botocore: bool = True
    compile_bytecode: bool = False


def install_lib(wheel: Path, lib: Path, constraints: Path = ROOT / "constraints.txt") -> None:
    """The wheel and its dependencies (at the project's pinned versions) installed into ``lib``."""
    platforms = [arg for platform in LINUX_AMD64 for arg in ("--platform", platform)]
    run([
        sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-compile",
        "--no-warn-script-location", "--target", lib, "--only-binary", ":all:", "--implementation", "cp",
        "--python-version", PYTHON_VERSION, *platforms, "-c", constraints, wheel,
    ])  # fmt: skip
    # Console-script wrappers name this build's interpreter; direct_url.json names the wheel's path.
    shutil.rmtree(lib / "bin", ignore_errors=True)
    for record in lib.glob("*.dist-info/direct_url.json"):
        record.unlink()


def prune_records(lib: Path) -> None:
    """Each RECORD without the files that are not in ``lib`` (the removed wrappers, whose hashes depend on the
    build's interpreter path, and the trimmed botocore models), so it lists exactly what ships."""
    for record in lib.glob("*.dist-info/RECORD"):
        rows = list(csv.reader(record.read_text(encoding="utf-8").splitlines()))
        kept = [row for row in rows if row and (lib / row[0]).resolve().is_relative_to(lib.resolve())
                and (lib / row[0]).is_file()]  # fmt: skip
        with record.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\n").writerows(kept)


def trim_botocore(lib: Path) -> None:
    data = lib / "botocore" / "data"
    if not (data / "panorama").is_dir():
        raise ReleaseError("botocore's data folder has no panorama model: is botocore-a-la-carte-panorama installed?")
    for service in data.iterdir():
        if service.is_dir() and service.name not in BOTOCORE_SERVICES:
            shutil.rmtree(service)


def collect_licences(lib: Path, target: Path) -> list[tuple[str, str, str]]:
    """Each distribution's licence files copied to ``target/<name>-<version>/``; returns (name, version,
    licence) rows. A dependency without any licence file stops the build."""
    rows = []
    for info in sorted(lib.glob("*.dist-info")):
        meta = email.parser.Parser().parsestr((info / "METADATA").read_text(encoding="utf-8"), headersonly=True)
        name, release = meta["Name"], meta["Version"]
        licence = meta.get("License-Expression") or meta.get("License") or ""
        files = [p for p in sorted(info.rglob("*")) if p.is_file() and p.name.upper().startswith(LICENCE_NAMES)]
        if name == PACKAGE:
            files += [p for p in sorted(ROOT.glob("LICEN[CS]E*")) if p.is_file()]
        if not files and name != PACKAGE:
            raise ReleaseError(f"{name} {release} ships no licence file: the plugin archive cannot bundle it.")
        for path in files:
            copy = target / f"{name}-{release}" / path.relative_to(info if path.is_relative_to(info) else ROOT)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
        rows.append((name, release, licence.splitlines()[0] if licence else "see its files"))
    index = ["# Licences of the packages in lib/", "", "| Package | Version | Licence |", "|---|---|---|"]
    index += [f"| {name} | {release} | {licence} |" for name, release, licence in rows]
    (target / "README.md").write_text("\n".join(index) + "\n")
    return rows


def launcher(release: str) -> str:
    """The plugin executable: the host's Python 3.11 on lib/, isolated (-I: no PYTHONPATH, user site or cwd)."""
    module, function = entry_point(PLUGIN_EXECUTABLE)
    boot = f"import sys; sys.path.insert(0, sys.argv.pop(1)); from {module} import {function}; sys.exit({function}())"
    missing = (
        f"error: the {PACKAGE} plugin {release} needs Python {PYTHON_VERSION} on PATH (as python{PYTHON_VERSION} "
        f"or python3), which this machine lacks: install Python {PYTHON_VERSION}, or put it on PATH."
    )
    minor = f"import sys; sys.exit(sys.version_info[:2] != ({PYTHON_VERSION.replace('.', ', ')}))"
    return "\n".join(
        [
            "#!/bin/sh",
            f"# The {PACKAGE} provider plugin {release}: Python {PYTHON_VERSION} from PATH, on the packages in lib/.",
            'here="$(cd "$(dirname "$0")" && pwd)"',
            f"boot={shlex.quote(boot)}",
            f'if command -v python{PYTHON_VERSION} >/dev/null 2>&1; then exec python{PYTHON_VERSION} -I -c "$boot" '
            '"$here/lib" "$@"; fi',
            f"if command -v python3 >/dev/null 2>&1 && python3 -c {shlex.quote(minor)} 2>/dev/null; then",
            '  exec python3 -I -c "$boot" "$here/lib" "$@"',
            "fi",
            f"echo {shlex.quote(missing)} >&2",
            "exit 1",
            "",
        ]
    )


def build_folder(wheel: Path, folder: Path, release: str, layout: Layout = Layout()) -> list[tuple[str, str, str]]:
    """The plugin's folder: lib/, licenses/ and the launcher."""
    lib = folder / "lib"
    install_lib(wheel, lib)
    if layout.trim_botocore:
        trim_botocore(lib)
    prune_records(lib)
    if layout.compile_bytecode:
        import compileall
        import py_compile

        compileall.compile_dir(
            lib, ddir="lib", quiet=1, workers=1, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH
        )
    rows = collect_licences(lib, folder / "licenses")
    executable = folder / PLUGIN_EXECUTABLE
    executable.write_text(launcher(release))
    executable.chmod(0o755)
    return rows


def build_archive(
    wheel: Path, work: Path, target: Path, release: str, epoch: int, *, layout: Layout = Layout()
) -> Path:
    folder = work / "plugin"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    build_folder(wheel, folder, release, layout)
    return write_tar_gz(folder, target, epoch)
