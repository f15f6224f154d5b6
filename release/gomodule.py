"""The Go SDK as a module proxy serves it (`<module>/@v/list`, `vX.info`, `.mod`, `.zip`), so that
`GOPROXY=file://<folder>,https://proxy.golang.org` makes `go get <module>@vX` work without a `replace`.
The zip follows the module zip format: every file of the module folder (no nested modules, vendor/ or
VCS folders) under `<module>@<version>/`, sorted, with fixed times."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from release.archives import write_zip

SKIPPED_FOLDERS = {".git", ".hg", ".svn", ".bzr", "vendor", "node_modules"}


def escape(path: str) -> str:
    """A module path as the proxy protocol spells it on disk: each capital letter as `!` + lower case."""
    return "".join(f"!{char.lower()}" if char.isupper() else char for char in path)


def module_files(folder: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    nested = {p.parent for p in folder.rglob("go.mod") if p.parent != folder}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part in SKIPPED_FOLDERS for part in relative.parts) or any(path.is_relative_to(n) for n in nested):
            continue
        if path.is_symlink():
            raise ValueError(f"{path} is a symlink, which a module zip cannot hold")
        if path.is_file():
            files[relative.as_posix()] = path.read_bytes()
    return files


def module_path(folder: Path) -> str:
    for line in (folder / "go.mod").read_text().splitlines():
        if line.startswith("module "):
            return line.split()[1].strip('"')
    raise ValueError(f"{folder / 'go.mod'} names no module")


def write_proxy(folder: Path, proxy: Path, release: str, epoch: int) -> Path:
    """``folder``'s module at v``release`` into the proxy folder ``proxy``; returns its `@v` folder."""
    module, tag = module_path(folder), f"v{release}"
    versions = proxy / escape(module) / "@v"
    versions.mkdir(parents=True, exist_ok=True)
    when = datetime.fromtimestamp(epoch, UTC)
    (versions / "list").write_text(f"{tag}\n")
    (versions / f"{tag}.info").write_text(
        json.dumps({"Version": tag, "Time": when.strftime("%Y-%m-%dT%H:%M:%SZ")}) + "\n"
    )
    (versions / f"{tag}.mod").write_bytes((folder / "go.mod").read_bytes())
    files = {f"{module}@{tag}/{name}": data for name, data in module_files(folder).items()}
    # Zip times are local wall-clock fields; the commit's UTC time, clamped to the format's 1980 start.
    date = max((when.year, when.month, when.day, when.hour, when.minute, when.second), (1980, 1, 1, 0, 0, 0))
    write_zip(files, versions / f"{tag}.zip", date)
    return versions
