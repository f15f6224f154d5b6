"""What a user reads is what the tests run: code comes from the tested example programs, every command block
is run by a test that names it, links inside the repository resolve, versions are the pinned and released
ones, and the landing page names what the user installed (see tests/docs.py for the markers)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from components.version import __version__
from tests import docs
from tests.conftest import ROOT
from tests.versions import PULUMI_VERSION, PULUMI_YAML_VERSION, SEAWEEDFS_VERSION

USER_DOCS = [doc for doc in docs.USER_DOCS if doc.is_file()]
ALL_DOCS = [doc for doc in docs.ALL_DOCS if doc.is_file()]
#: Names that exist only in a checkout of this repository, not in the installed wheel.
CHECKOUT_NAMES = re.compile(r"python -m components|python -m emulator|from components import|import components\b")
#: Blocks a user would run or copy as a program: they must come from a tested file (a snippet) or be run as
#: written (tested). Other blocks (```text) show what a command prints.
COMMANDS = {"bash", "sh", "shell", "console", "zsh"}
PROGRAMS = {"python", "py", "typescript", "ts", "javascript", "js", "go", "yaml", "yml", "json", "toml"}
#: Where the tests (and the release rehearsal) that run tested blocks live.
RUNNERS = [*sorted((ROOT / "tests").rglob("*.py")), *sorted((ROOT / "release").rglob("*.py"))]
DOC_TOOLS = {ROOT / "tests" / "docs.py", Path(__file__).resolve()}


def ids(path: Path) -> str:
    return str(path.relative_to(ROOT))


def prose(text: str) -> str:
    """``text`` without its fenced blocks and inline code (links and headings there are not real)."""
    text = re.sub(r"^```.*?^```$", "", text, flags=re.M | re.S)
    return re.sub(r"`[^`\n]*`", "", text)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = heading.strip().lower().replace("`", "")
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(doc: Path) -> set[str]:
    text = re.sub(r"^```.*?^```$", "", doc.read_text(), flags=re.M | re.S)
    seen: dict[str, int] = {}
    found = set()
    for heading in re.findall(r"^#{1,6} (.+)$", text, flags=re.M):
        base = slug(heading)
        count = seen.get(base, 0)
        found.add(base if count == 0 else f"{base}-{count}")
        seen[base] = count + 1
    return found


# -- the installed names, and the rules that trip people up ----------------------------------------------


@pytest.mark.parametrize("doc", USER_DOCS, ids=ids)
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
    examples = 0
    for doc in USER_DOCS:
        text = doc.read_text()
        for example in re.finditer(r"StackReference\(", text):
            examples += 1
            nearby = text[max(0, example.start() - 1500) : example.start() + 1500]
            assert "organization/<project>/<stack>" in nearby, (doc.name, text[example.start() : example.end() + 40])
    assert examples, "the docs show how to read a gate's outputs from another stack"


def test_the_cli_docs_say_which_stream_carries_what() -> None:
    text = "\n".join(doc.read_text() for doc in USER_DOCS)
    assert "stdout carries only the report" in text
    assert re.search(r"Progress, heartbeats,\s+warnings\s+and\s+errors\s+go\s+to\s+stderr", text)


def test_the_readme_is_a_landing_page_of_at_most_300_lines() -> None:
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 300
    for heading in ("## Install", "## Try it offline, in an empty folder", "## Your own program"):
        assert heading in readme


# -- included blocks and tested blocks ----------------------------------------------------------------------


@pytest.mark.parametrize("doc", ALL_DOCS, ids=ids)
def test_the_included_blocks_are_current(doc: Path) -> None:
    """Each `<!-- snippet: … -->` block holds exactly its file's region and each `<!-- output: … -->` block
    what the command prints: `make docs` refreshes them."""
    errors: list[str] = []
    text = doc.read_text()
    fresh = docs.render(text, errors, ids(doc))
    assert not errors, "\n".join(errors)
    assert fresh == text, f"{ids(doc)} is out of date: run `make docs`"


def test_the_snippets_come_from_the_example_programs_of_every_language() -> None:
    included = {match["path"] for doc in USER_DOCS for match in docs.SNIPPET.finditer(doc.read_text())}
    wanted = {
        "examples/python/__main__.py",
        "examples/python-sdk/__main__.py",
        "examples/typescript/index.ts",
        "examples/go/main.go",
        "examples/yaml/Pulumi.yaml",
    }
    assert wanted <= included


@pytest.mark.parametrize("doc", USER_DOCS, ids=ids)
def test_every_command_block_is_tested_and_every_program_is_a_snippet(doc: Path) -> None:
    wrong = []
    for block in docs.blocks(doc):
        if block.lang in COMMANDS and not re.fullmatch(r"<!-- tested: [\w-]+ -->", block.marker):
            wrong.append(f"{block.where}: a ```{block.lang} block needs <!-- tested: NAME --> and a test that runs it")
        if block.lang in PROGRAMS and not block.marker.startswith("<!-- snippet: "):
            wrong.append(f"{block.where}: a ```{block.lang} program must be a <!-- snippet: FILE#REGION --> block")
    assert not wrong, "\n".join(wrong)


def test_every_command_block_is_a_bash_block_that_a_test_runs() -> None:
    named = docs.command_blocks()
    assert {"offline-quickstart", "pulumi-on-path"} <= set(named)
    sources = {path: path.read_text() for path in RUNNERS if path not in DOC_TOOLS}
    unrun = [name for name in named if not any(f'command_block("{name}")' in text for text in sources.values())]
    assert not unrun, f"no test under tests/ or release/ runs the blocks {unrun} (tests.docs.command_block(NAME))"
    for name in named:
        assert docs.command_block(name)  # one text where several docs show it, and a ```bash block


# -- links, versions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("doc", ALL_DOCS, ids=ids)
def test_links_inside_the_repository_resolve(doc: Path) -> None:
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", prose(doc.read_text())):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto: (outside the repository)
        path, _, anchor = target.partition("#")
        resolved = (doc.parent / path).resolve() if path else doc
        if not resolved.exists() or ROOT not in (resolved, *resolved.parents):
            broken.append(f"{target}: no such file")
        elif anchor and (resolved.suffix != ".md" or anchor not in anchors(resolved)):
            broken.append(f"{target}: no heading #{anchor} in {ids(resolved)}")
    assert not broken, "\n".join(broken)


def test_the_slugs_follow_github() -> None:
    assert slug("Try it offline, in an empty folder") == "try-it-offline-in-an-empty-folder"
    assert slug("The name: `organization/<project>/<stack>`") == "the-name-organizationprojectstack"
    assert slug("`require_output`, not `get_output`") == "require_output-not-get_output"


def test_the_docs_state_the_release_version_and_no_other() -> None:
    """Every `0.x.y` in the README and docs/ is this release (components/version.py); history is in the
    changelog."""
    for doc in USER_DOCS:
        if doc.name == "CHANGELOG.md":
            continue
        stated = set(re.findall(r"(?<![\w.])v?(0\.\d+\.\d+)(?![\w.-])", doc.read_text()))
        assert stated <= {__version__}, (ids(doc), stated)
    install = "\n".join(doc.read_text() for doc in USER_DOCS)
    assert f"sdk/go@v{__version__}" in install


def test_the_changelog_starts_with_this_release_and_goes_back_to_0_1() -> None:
    releases = re.findall(r"^## \[([\d.]+)\] - \d{4}-\d{2}-\d{2}$", (ROOT / "CHANGELOG.md").read_text(), re.M)
    assert releases == [__version__, "0.3.0", "0.2.0", "0.1"]
    newest = (ROOT / "CHANGELOG.md").read_text().split(f"## [{__version__}]", 1)[1].split("\n## [", 1)[0]
    assert "### Upgrade notes" in newest
    for promise in ("find -v", "stdout carries only the report", "Exit 3, not 4", "Rolling back to 0.3.0"):
        assert promise.lower() in newest.lower(), promise


def test_the_docs_name_the_pinned_versions() -> None:
    text = "\n".join(doc.read_text() for doc in [*USER_DOCS, ROOT / "CONTRIBUTING.md"])
    assert set(re.findall(r"\bv(3\.\d+\.\d+)\b", text)) == {PULUMI_VERSION}
    assert set(re.findall(r"pulumi-language-yaml@v([\w.]+)", text)) == {PULUMI_YAML_VERSION}
    assert set(re.findall(r"github\.com/seaweedfs/seaweedfs@(v[\w.-]+)", text)) == {SEAWEEDFS_VERSION}
    node = json.loads((ROOT / "sdk" / "nodejs" / "package.json").read_text())["dependencies"]["@pulumi/pulumi"]
    assert set(re.findall(r"`@pulumi/pulumi`\D*?(3\.\d+\.\d+)", text)) == {node}


def test_the_cli_page_shows_the_help_and_explains_each_exit_code_it_lists() -> None:
    page = (ROOT / "docs" / "cli.md").read_text()
    assert "<!-- output: panorama-import-gate --help -->" in page
    help_text = docs.command_output("panorama-import-gate --help")
    listed = re.findall(r"^  (\d+) ", help_text.split("exit codes:", 1)[1], re.M)
    explained = re.findall(r"^\| (\d+) \|", page, re.M)
    assert listed == explained == ["0", "1", "2", "3", "4", "130"]


def test_the_readme_names_the_two_commands_that_set_up_a_checkout() -> None:
    """`make demo` and `make test` do all the setup on a fresh machine (`.ci/run` and
    tests/unit/test_fresh_machine.py run them); the README says so, and the Makefile has both targets."""
    readme, makefile = (ROOT / "README.md").read_text(), (ROOT / "Makefile").read_text()
    for target in ("demo", "test"):
        assert f"`make {target}`" in readme
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
