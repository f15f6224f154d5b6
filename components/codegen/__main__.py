"""`python -m components.codegen`: write everything derived from the property table; `--check` reports what
is out of date instead (exit 1; `make lint`); `--schema` prints the plugin's schema (`scripts/sdks.sh` makes
`schema.json` and the SDKs from it)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from ..plugin.schema import schema_json
from . import docs, python

ROOT = Path(__file__).resolve().parents[2]


def documents() -> list[Path]:
    """The Markdown files that hold generated blocks."""
    candidates = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    return [path for path in candidates if path.exists() and docs.blocks_in(path.read_text())]


def written() -> dict[Path, str]:
    """Each generated file of this repository (but schema.json and sdk/) and its current text."""
    files = {python.SURFACE: python.python_types(), python.MODEL: python.model_types()}
    files.update({path: docs.render(path.read_text()) for path in documents()})
    return files


def sdks(command: str) -> int:
    """`scripts/sdks.sh generate|check`: schema.json and sdk/ (needs Go; the generator is built once)."""
    env = {**os.environ, "PY": sys.executable}
    return subprocess.run(["bash", str(ROOT / "scripts" / "sdks.sh"), command], env=env, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m components.codegen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="report files that are out of date; write nothing")
    parser.add_argument("--schema", action="store_true", help="print the plugin's schema and exit")
    parser.add_argument("--no-sdks", action="store_true", help="leave schema.json and sdk/ alone (no Go needed)")
    args = parser.parse_args(argv)
    if args.schema:
        sys.stdout.write(schema_json() + "\n")
        return 0
    missing = sorted(set(docs.BLOCKS) - {name for path in documents() for name in docs.blocks_in(path.read_text())})
    for name in missing:
        print(f"no document holds the generated block {name}: add <!-- generated:{name} --> to one", file=sys.stderr)
    files = written()
    stale = [path for path, text in files.items() if not path.exists() or path.read_text() != text]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run `make generate`", file=sys.stderr)
        failed = bool(stale or missing)
    else:
        for path in stale:
            path.write_text(files[path])
        failed = bool(missing)
    if not args.no_sdks and sdks("check" if args.check else "generate") != 0:
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
