"""Build the TypeScript driver: its folder with `@pulumi/pulumi` and the SDK's npm tarball (from
`make sdks`) installed, and driver.ts compiled with the local `tsc` (strict, against the SDK's typings)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from components.version import __version__

HERE = Path(__file__).resolve().parent / "nodejs"
SDK_PACKAGE = "@panorama-import-gate/pulumi"


def build(workdir: Path, artifacts: Path) -> list[str]:
    work = workdir / "nodejs"
    shutil.copytree(HERE, work, ignore=shutil.ignore_patterns("node_modules", "bin"))
    tarball = artifacts / f"panorama-import-gate-pulumi-{__version__}.tgz"
    if not tarball.is_file():
        raise FileNotFoundError(f"{tarball} is missing: run `make sdks`")
    # The copy depends on the tarball; npm installs a `file:` tarball like a registry package.
    manifest = json.loads((work / "package.json").read_text())
    manifest["dependencies"][SDK_PACKAGE] = f"file:{tarball.resolve()}"
    (work / "package.json").write_text(json.dumps(manifest, indent=4) + "\n")
    # On Node 20 npm warns EBADENGINE: @pulumi/pulumi 3.276.0 declares node >= 22 (it runs on 20).
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=work, check=True, timeout=600)
    # One @pulumi/pulumi for the driver and the SDK, or the SDK's resources register with a runtime
    # the inline program never started.
    nested = work / "node_modules" / SDK_PACKAGE / "node_modules" / "@pulumi" / "pulumi"
    if nested.exists():
        raise RuntimeError(f"the SDK got its own @pulumi/pulumi ({nested}); pin the version the SDK asks for")
    subprocess.run([str(work / "node_modules" / ".bin" / "tsc"), "-p", str(work)], cwd=work, check=True, timeout=300)
    return ["node", str(work / "bin" / "driver.js")]
