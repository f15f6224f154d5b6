"""The docs' machine-kept parts, so that what a user reads is what the tests run.

- ``<!-- snippet: examples/python/__main__.py#gate -->`` and the fenced block after it: the region between
  the lines ``# [start gate]`` and ``# [end gate]`` of that file (``//`` comments too; ``#gate+dependent``:
  those regions in that order, a blank line between; no ``#NAME``: the whole file). The file is a tested
  program; the doc never holds a copy of its own.
- (``<!-- generated:NAME -->`` tables are the property table's: ``make generate`` writes them.)
- ``<!-- output: panorama-import-gate --help -->`` and the ``text`` block after it: what that console
  script prints, run from this checkout with the installed name.
- ``<!-- tested: NAME -->`` and the ``bash`` block after it: a command block that a test runs as written
  (:func:`command_block`). Every bash block users read carries one, and some test names it.

Run from the repository's root:

    .venv/bin/python -m tests.docs            # refresh the included blocks (make docs)
    .venv/bin/python -m tests.docs --check    # exit 1 if any is stale (make lint)
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: What users read: the landing page and the registry docs (contributor material lives in CONTRIBUTING.md).
USER_DOCS = (ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")), ROOT / "CHANGELOG.md")
#: Every document whose links are checked and whose included blocks are kept current.
ALL_DOCS = (*USER_DOCS, ROOT / "CONTRIBUTING.md", ROOT / "BENCHMARKS.md")

FENCE = r"```(?P<lang>[\w-]*)\n(?P<body>.*?)^```$"
SNIPPET = re.compile(r"^<!-- snippet: (?P<path>[^#\s]+)(?:#(?P<region>[\w+-]+))? -->\n" + FENCE, re.M | re.S)
OUTPUT = re.compile(r"^<!-- output: (?P<command>[^>]+?) -->\n" + FENCE, re.M | re.S)
LANGUAGES = {".py": "python", ".ts": "typescript", ".go": "go", ".mod": "go", ".yaml": "yaml", ".json": "json"}
#: The width the included help texts are rendered at (argparse wraps at the terminal's width).
HELP_COLUMNS = "100"


class DocsError(Exception):
    """A marker that cannot be honoured (a missing file or region): one line naming the doc and the cause."""


def regions(path: str, names: str | None) -> str:
    """The regions ``names`` (``a+b``; None: the whole file) of ``path``, a blank line between, dedented
    together (so they keep their indentation relative to each other)."""
    parts = [region(path, name) for name in (names.split("+") if names else [None])]
    return textwrap.dedent("\n".join(parts)).strip("\n") + "\n"


def region(path: str, name: str | None) -> str:
    """The lines of ``path`` (relative to the root) between ``[start NAME]`` and ``[end NAME]``, without
    any marker lines of other regions nested in it; no ``name``: the whole file."""
    source = ROOT / path
    if not source.is_file():
        raise DocsError(f"{path} does not exist")
    lines = source.read_text().splitlines()
    if name is not None:
        starts = [i for i, line in enumerate(lines) if re.search(rf"\[start {re.escape(name)}\]", line)]
        ends = [i for i, line in enumerate(lines) if re.search(rf"\[end {re.escape(name)}\]", line)]
        if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
            raise DocsError(f"{path} must hold exactly one region `[start {name}]` … `[end {name}]`")
        lines = lines[starts[0] + 1 : ends[0]]
    kept = [line for line in lines if not re.search(r"\[(start|end) [\w-]+\]", line)]
    return "\n".join(kept).strip("\n") + "\n"


#: Run in a fresh interpreter: make the wheel's import names (pyproject.toml's package-dir) load from this
#: checkout's folders, as the installed package would, then call a console script's entry point.
_AS_INSTALLED = """
import importlib.util, sys
for name, folder in sorted(PACKAGE_DIR.items(), key=lambda item: item[0].count(".")):
    parent, _, last = name.rpartition(".")
    if parent and folder == PACKAGE_DIR.get(parent, "") + "/" + last:
        continue  # an ordinary subpackage: found through its parent
    spec = importlib.util.spec_from_file_location(name, folder + "/__init__.py", submodule_search_locations=[folder])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
sys.argv[0] = SCRIPT
module = importlib.import_module(MODULE)
sys.exit(getattr(module, FUNCTION)())
"""


def console_script(name: str) -> list[str]:
    """How to run an installed console script from this checkout, under the package's installed names (a
    script's help names itself after the package it runs from)."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())
    scripts = setuptools["project"]["scripts"]
    if name not in scripts:
        raise DocsError(f"{name} is not a console script in pyproject.toml")
    module, function = scripts[name].split(":")
    package_dir = setuptools["tool"]["setuptools"]["package-dir"]
    names = f"PACKAGE_DIR = {package_dir!r}; SCRIPT = {name!r}; MODULE = {module!r}; FUNCTION = {function!r}"
    return [sys.executable, "-c", "import importlib" + "\n" + names + _AS_INSTALLED]


def command_output(command: str) -> str:
    name, *args = command.split()
    env = {**os.environ, "COLUMNS": HELP_COLUMNS, "NO_COLOR": "1"}
    done = subprocess.run([*console_script(name), *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise DocsError(f"`{command}` exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def _fenced(lang: str, body: str) -> str:
    return f"```{lang}\n{body}```"


def render(text: str, errors: list[str], doc: str = "") -> str:
    """``text`` with every included block refreshed; what cannot be refreshed is kept and named in ``errors``."""

    def keep_going(refresh: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
        def replace(match: re.Match[str]) -> str:
            try:
                return refresh(match)
            except DocsError as exc:
                errors.append(f"{doc}: {exc}")
                return match.group(0)

        return replace

    def snippet(match: re.Match[str]) -> str:
        path, name = match["path"], match["region"]
        lang = LANGUAGES.get(Path(path).suffix, match["lang"])
        header = match.group(0).split("\n", 1)[0]
        return f"{header}\n{_fenced(lang, regions(path, name))}"

    def output(match: re.Match[str]) -> str:
        return f"<!-- output: {match['command']} -->\n{_fenced('text', command_output(match['command']))}"

    text = SNIPPET.sub(keep_going(snippet), text)
    return OUTPUT.sub(keep_going(output), text)


def stale_docs(errors: list[str]) -> Iterator[tuple[Path, str]]:
    """Each doc whose included blocks are not current, with its refreshed text."""
    for doc in ALL_DOCS:
        if not doc.is_file():
            continue
        text = doc.read_text()
        fresh = render(text, errors, str(doc.relative_to(ROOT)))
        if fresh != text:
            yield doc, fresh


@dataclass(frozen=True)
class Block:
    """A fenced block in a doc: where it is, its language and body, and the line before it."""

    doc: Path
    line: int
    lang: str
    body: str
    marker: str

    @property
    def where(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}"


def blocks(doc: Path) -> list[Block]:
    """Every fenced block of ``doc`` (a fence inside a fence is not looked for: docs have none)."""
    found, lines = [], doc.read_text().splitlines()
    index = 0
    while index < len(lines):
        opening = re.match(r"^```([\w-]*)$", lines[index])
        if not opening:
            index += 1
            continue
        end = next((j for j in range(index + 1, len(lines)) if lines[j] == "```"), None)
        if end is None:
            raise DocsError(f"{doc.relative_to(ROOT)}:{index + 1}: a fence that is never closed")
        marker = lines[index - 1] if index else ""
        body = "\n".join(lines[index + 1 : end]) + "\n"
        found.append(Block(doc, index + 1, opening.group(1), body, marker))
        index = end + 1
    return found


def command_blocks() -> dict[str, list[Block]]:
    """Every ``<!-- tested: NAME -->`` block of the user docs, by name (a name may stand in several docs)."""
    named: dict[str, list[Block]] = {}
    for doc in USER_DOCS:
        for block in blocks(doc) if doc.is_file() else []:
            match = re.fullmatch(r"<!-- tested: ([\w-]+) -->", block.marker)
            if match:
                named.setdefault(match.group(1), []).append(block)
    return named


def command_block(name: str) -> str:
    """The bash block that the docs show under ``<!-- tested: NAME -->``, for a test to run as written.
    Where several docs show it, they must show the same commands."""
    copies = command_blocks().get(name)
    if not copies:
        raise DocsError(f"no doc holds a block marked <!-- tested: {name} -->")
    bodies = {block.body for block in copies}
    if len(bodies) != 1:
        raise DocsError(f"the blocks marked {name} differ: {', '.join(b.where for b in copies)}")
    if copies[0].lang != "bash":
        raise DocsError(f"{copies[0].where}: a tested block is a ```bash block")
    return copies[0].body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.docs", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report stale docs; write nothing")
    args = parser.parse_args(argv)
    errors: list[str] = []
    stale = list(stale_docs(errors))
    for doc, fresh in stale:
        if args.check:
            print(f"{doc.relative_to(ROOT)} is out of date: run `make docs`", file=sys.stderr)
        else:
            doc.write_text(fresh)
            print(f"refreshed {doc.relative_to(ROOT)}", file=sys.stderr)
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if errors or (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
