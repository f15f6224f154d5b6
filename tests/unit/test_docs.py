"""What a newcomer reads names what they have installed, and says the rules that trip people up where the
example that needs them is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: The docs users read (contributor material lives elsewhere).
USER_DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
#: Names that exist only in a checkout of this repository, not in the installed wheel.
CHECKOUT_NAMES = re.compile(r"python -m components|python -m emulator|from components import|import components\b")


@pytest.mark.parametrize("doc", USER_DOCS, ids=lambda path: str(path.relative_to(ROOT)))
def test_user_docs_use_the_installed_names(doc: Path) -> None:
    """`panorama_import_gate`, `panorama-import-gate`, `panorama-import-gate-emulator`: a checkout's names
    (`components`, `python -m emulator`) appear only as an aside for contributors."""
    wrong = [
        f"{doc.name}:{number}: {line.strip()}"
        for number, line in enumerate(doc.read_text().splitlines(), start=1)
        if CHECKOUT_NAMES.search(line) and "in this repository" not in line.lower()
    ]
    assert not wrong, "\n".join(wrong)


def test_a_stack_reference_example_says_the_organization_rule_of_a_self_managed_backend() -> None:
    """`organization/<project>/<stack>`: any other first part is "not found" on a file or S3 backend."""
    for doc in USER_DOCS:
        text = doc.read_text()
        for example in re.finditer(r'StackReference\("[^"]+"\)', text):
            nearby = text[max(0, example.start() - 1500) : example.start() + 1500]
            assert "organization/<project>/<stack>" in nearby, (doc.name, example.group(0))


def test_the_cli_docs_say_which_stream_carries_what() -> None:
    text = "\n".join(doc.read_text() for doc in USER_DOCS)
    assert "stdout carries only the report" in text
    assert re.search(r"Progress, heartbeats, warnings and errors go to stderr", text)
