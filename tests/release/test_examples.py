"""The example programs (examples/, quoted by the docs and run by the release rehearsal) name this release's
version wherever their language needs it written out, and mark the snippet regions the docs include."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from release.common import GO_MODULE, NPM_PACKAGE, PACKAGE, PYTHON_SDK, version

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PROGRAMS = {
    "python": "__main__.py",
    "python-sdk": "__main__.py",
    "typescript": "index.ts",
    "go": "main.go",
    "yaml": "Pulumi.yaml",
}
MARKER = re.compile(r"^\s*(?:#|//) \[(start|end) ([\w-]+)\]\s*$")


def regions(path: Path) -> dict[str, str]:
    """Each region's text; fails on an unmatched, repeated or nested marker."""
    found: dict[str, str] = {}
    open_name, lines = "", []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        match = MARKER.match(line)
        if not match:
            lines.append(line)
            continue
        kind, name = match.groups()
        where = f"{path.relative_to(ROOT)}:{number}"
        if kind == "start":
            assert not open_name, f"{where}: [start {name}] inside region {open_name}"
            assert name not in found, f"{where}: a second region {name}"
            open_name, lines = name, []
        else:
            assert open_name == name, f"{where}: [end {name}] closes {open_name or 'nothing'}"
            found[name], open_name = "\n".join(lines), ""
    assert not open_name, f"{path.relative_to(ROOT)}: region {open_name} is never closed"
    return found


@pytest.mark.parametrize("example", PROGRAMS)
def test_every_program_marks_the_gate_its_dependent_and_the_read(example: str) -> None:
    found = regions(EXAMPLES / example / PROGRAMS[example])
    assert {"gate", "dependent", "read"} <= set(found), sorted(found)
    assert "jobId" in found["gate"] or "jobId" in (EXAMPLES / example / PROGRAMS[example]).read_text()
    assert "packageVersion" in (EXAMPLES / example / PROGRAMS[example]).read_text()


def test_the_python_examples_pin_this_release() -> None:
    assert (EXAMPLES / "python" / "requirements.txt").read_text().split() == [f"{PACKAGE}=={version()}"]
    assert (EXAMPLES / "python-sdk" / "requirements.txt").read_text().split() == [f"{PYTHON_SDK}=={version()}"]


def test_the_typescript_example_depends_on_this_release_and_the_pulumi_the_sdk_needs() -> None:
    example = json.loads((EXAMPLES / "typescript" / "package.json").read_text())["dependencies"]
    sdk = json.loads((ROOT / "sdk" / "nodejs" / "package.json").read_text())
    assert example[NPM_PACKAGE] == version() == sdk["version"]
    # One @pulumi/pulumi for the program and the SDK, or the SDK's resources register with another runtime.
    assert example["@pulumi/pulumi"] == sdk["dependencies"]["@pulumi/pulumi"]


def test_the_go_example_requires_this_release_by_version_without_a_replace() -> None:
    text = (EXAMPLES / "go" / "go.mod").read_text()
    assert re.search(rf"^\s*{re.escape(GO_MODULE)} v{re.escape(version())}$", text, re.MULTILINE), text
    sdk = (ROOT / "sdk" / "go" / "go.mod").read_text()
    pulumi = re.search(r"github.com/pulumi/pulumi/sdk/v3 (v\S+)", sdk)
    assert pulumi and f"github.com/pulumi/pulumi/sdk/v3 {pulumi.group(1)}" in text
    assert "replace" not in text


def test_the_yaml_example_names_this_plugin_version_and_the_schemas_download_url() -> None:
    text = (EXAMPLES / "yaml" / "Pulumi.yaml").read_text()
    schema = json.loads((ROOT / "schema.json").read_text())
    versions = re.findall(r"^\s*version: (\S+)$", text, re.MULTILINE)
    urls = re.findall(r"^\s*pluginDownloadURL: (\S+)$", text, re.MULTILINE)
    # Every resource and the function: YAML has no SDK that would name them.
    assert len(versions) == len(urls) == 3
    assert set(versions) == {version()} and set(urls) == {schema["pluginDownloadURL"]}


def test_the_version_is_read_from_components_version_py() -> None:
    source = (ROOT / "components" / "version.py").read_text()
    assert f'__version__ = "{version()}"' in source
    assert "version" in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dynamic"]
