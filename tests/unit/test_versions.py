"""Each pinned version is written once, in scripts/versions.env, and whatever cannot read that file
(the README, the Go modules) agrees with it; the stated Go minimum is the one Pulumi's SDK declares."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.versions import GO_MINIMUM, PINNED, PULUMI_VERSION, PULUMI_YAML_VERSION, SEAWEEDFS_VERSION

#: What runs the builds and the tests, and so must take the versions from versions.env.
CODE = (
    *(ROOT / "scripts").rglob("*.sh"),
    ROOT / "Makefile",
    ROOT / ".ci" / "run",
    *(ROOT / "tests").rglob("*.py"),
    ROOT / "tests" / "unit" / "fake_go" / "go",
    *(ROOT / "bench").rglob("*.py"),
)
#: A Go version stated in prose or a message: `Go 1.x.y`, `Go ≥ 1.x.y`, `Go $GO_MINIMUM or newer`.
GO_STATED = re.compile(r"\bGo (?:≥ ?|>= ?)?(?P<version>1\.\d+(?:\.\d+)?|\$\{?GO_MINIMUM\}?)")
#: Where the minimum is stated to users: the README and every script's message.
STATEMENTS = (ROOT / "README.md", *sorted((ROOT / "scripts").rglob("*.sh")))


def shell(script: str, **env: str) -> str:
    result = subprocess.run(
        ["bash", "-c", script], cwd=ROOT, env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout


def test_the_scripts_read_versions_env_as_the_tests_do_and_the_environment_overrides_the_pins() -> None:
    names = sorted(PINNED)
    probe = ". scripts/versions.env; " + "; ".join(f'printf "%s=%s\\n" {name} "${name}"' for name in names)
    assert shell(probe).splitlines() == [f"{name}={PINNED[name]}" for name in names]
    overrides = {
        "PULUMI_VERSION": "3.999.0",
        "PULUMI_YAML_VERSION": "9.9.9",
        "SEAWEEDFS_VERSION": "v9",
        "GO_MINIMUM": "1.0",
    }
    seen = dict(line.split("=", 1) for line in shell(probe, **overrides).splitlines())
    assert seen == {**PINNED, **overrides, "GO_MINIMUM": GO_MINIMUM}  # a fact, not a setting


def test_no_script_or_test_writes_a_pinned_version_itself() -> None:
    written = [
        f"{path.relative_to(ROOT)}: {name}={value}"
        for path in CODE
        for name, value in PINNED.items()
        if value in path.read_text()
    ]
    assert len(CODE) > 20 and not written


@pytest.mark.parametrize("go_mod", ["sdk/go/go.mod", "tests/e2e/sdks/go/go.mod"])
def test_the_go_modules_require_the_pinned_pulumi_sdk(go_mod: str) -> None:
    required = re.findall(
        r"^\s*(?:require\s+)?github\.com/pulumi/pulumi/sdk/v3 v(\S+)", (ROOT / go_mod).read_text(), re.M
    )
    assert required == [PULUMI_VERSION]


def test_the_readme_names_the_pinned_versions() -> None:
    readme = (ROOT / "README.md").read_text()
    pulumi = re.findall(r"\bv(3\.\d+\.\d+)\b", readme)
    assert pulumi and set(pulumi) == {PULUMI_VERSION}
    assert set(re.findall(r"pulumi-language-yaml@v(\S+?)`", readme)) == {PULUMI_YAML_VERSION}
    assert set(re.findall(r"github\.com/seaweedfs/seaweedfs@(v[\w.-]+)", readme)) == {SEAWEEDFS_VERSION}


def test_every_stated_go_minimum_is_the_pinned_one() -> None:
    stated = {
        f"{path.relative_to(ROOT)}: Go {match['version']}": match["version"]
        for path in STATEMENTS
        for match in GO_STATED.finditer(path.read_text())
    }
    assert any(where.startswith("README.md") for where in stated)
    assert any(where.startswith("scripts/") for where in stated)
    wrong = [where for where, version in stated.items() if version not in (GO_MINIMUM, "$GO_MINIMUM", "${GO_MINIMUM}")]
    assert not wrong, f"the Go minimum is {GO_MINIMUM} (scripts/versions.env), but these say otherwise: {wrong}"


def go_directive(module: str, tmp_path: Path) -> tuple[int, ...]:
    """The `go` line of ``module``'s go.mod (module@version), read through the Go module cache."""
    go = shutil.which("go")
    assert go, "Go is needed to read the pinned modules' go.mod: install it (see README)"
    listed = subprocess.run(
        [go, "list", "-m", "-json", module], cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "GOFLAGS": "", "GOTOOLCHAIN": "local"}, check=False,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    return tuple(int(part) for part in json.loads(listed.stdout)["GoVersion"].split("."))


def test_the_go_minimum_is_what_the_pinned_pulumi_sdk_declares_and_no_build_needs_more(tmp_path: Path) -> None:
    minimum = tuple(int(part) for part in GO_MINIMUM.split("."))
    assert go_directive(f"github.com/pulumi/pulumi/sdk/v3@v{PULUMI_VERSION}", tmp_path) == minimum
    for module in (
        f"github.com/pulumi/pulumi/pkg/v3@v{PULUMI_VERSION}",
        f"github.com/pulumi/pulumi-yaml@v{PULUMI_YAML_VERSION}",
        f"github.com/seaweedfs/seaweedfs@{SEAWEEDFS_VERSION}",
    ):
        assert go_directive(module, tmp_path) <= minimum, module
