"""`make pulumi-cli` (the first step of `make demo`) on a machine that never built the Pulumi CLI.

CI runs on a machine whose CLI cache is full, so the cold build path is exercised here instead: the
same Makefile target and scripts, run by a relative path exactly as `make` runs them, with an empty
cache and a stand-in `go` (tests/unit/fake_go/go) that writes placeholder binaries in a second.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import ROOT

FAKE_GO = ROOT / "tests" / "unit" / "fake_go"
PULUMI_VERSION = "3.274.1"


def test_make_pulumi_cli_builds_into_an_empty_cache_with_relative_script_paths(tmp_path: Path) -> None:
    cache, log = tmp_path / "cache", tmp_path / "go.log"
    env = {
        "PATH": f"{FAKE_GO}{os.pathsep}/usr/bin{os.pathsep}/bin",  # no real go, no pulumi
        "HOME": str(tmp_path / "home"),
        "PULUMI_CLI_CACHE": str(cache),
        "FAKE_GO_LOG": str(log),
        "FAKE_GO_ROOT": str(tmp_path / "go"),
        "FAKE_PULUMI_VERSION": PULUMI_VERSION,
    }
    built = subprocess.run(["make", "pulumi-cli"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    bin_dir = cache / f"pulumi-v{PULUMI_VERSION}" / "bin"
    for name in (
        "pulumi",
        "pulumi-language-python",
        "pulumi-language-python-exec",
        "pulumi-resource-pulumi-python",
        "pulumi-language-yaml",
    ):
        assert os.access(bin_dir / name, os.X_OK), f"{name} missing from {bin_dir}:\n{built.stderr}"
    calls = log.read_text()
    assert "go build" in calls and "pkg/v3/cmd/pulumi" in calls
    assert "pulumi-language-yaml@v1.25.0" in calls
    found = subprocess.run(
        ["bash", "scripts/pulumi-cli.sh", "--find"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == str(bin_dir)


SEAWEEDFS_VERSION = "v0.0.0-20261109003541-7506e5f91cd6"


def test_make_seaweedfs_builds_into_an_empty_cache_and_an_interrupted_build_never_looks_complete(
    tmp_path: Path,
) -> None:
    cache, log = tmp_path / "cache", tmp_path / "go.log"
    env = {
        "PATH": f"{FAKE_GO}{os.pathsep}/usr/bin{os.pathsep}/bin",  # no real go
        "HOME": str(tmp_path / "home"),
        "PULUMI_CLI_CACHE": str(cache),
        "FAKE_GO_LOG": str(log),
        "FAKE_GO_ROOT": str(tmp_path / "go"),
        "FAKE_PULUMI_VERSION": "4.53",
    }
    dest = cache / f"seaweedfs-{SEAWEEDFS_VERSION}"

    def find() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "scripts/seaweedfs.sh", "--find"], cwd=ROOT, env=env, capture_output=True, text=True
        )

    # `--find` never builds.
    missing = find()
    assert missing.returncode != 0 and "make seaweedfs" in missing.stderr
    assert not log.exists(), "--find called go"

    # A build that dies halfway leaves only bin.partial: nothing finds it.
    broken = subprocess.run(
        ["make", "seaweedfs"], cwd=ROOT, env={**env, "FAKE_GO_FAIL_BUILD": "1"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert broken.returncode != 0
    assert (dest / "bin.partial" / "weed").exists() and not (dest / "bin").exists()
    assert find().returncode != 0

    built = subprocess.run(["make", "seaweedfs"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    weed = dest / "bin" / "weed"
    assert os.access(weed, os.X_OK), f"weed missing from {weed.parent}:\n{built.stderr}"
    assert not (dest / "bin.partial").exists()
    calls = log.read_text()
    # Only the non-local replace of SeaweedFS's go.mod is mirrored.
    assert "go mod edit -replace=github.com/tyler-smith/go-bip39=github.com/cosmos/go-bip39@v1.0.0" in calls
    assert "seaweedfs/local" not in calls and "/Users/" not in calls
    assert f"go get -tool github.com/seaweedfs/seaweedfs/weed@{SEAWEEDFS_VERSION}" in calls
    assert f"go build -trimpath -ldflags -s -w -o {dest}/bin.partial/weed github.com/seaweedfs/seaweedfs/weed" in calls
    found = find()
    assert found.returncode == 0 and found.stdout.strip().splitlines()[-1] == str(weed)
