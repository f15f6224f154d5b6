"""The build scripts on a machine that never built anything: `make pulumi-cli` (the first step of
`make demo`), `make seaweedfs` and the SDK generator (`scripts/build-sdkgen.sh`).

CI runs on a machine whose caches are full, so the cold build path is exercised here instead: the
same Makefile targets and scripts, run by a relative path exactly as `make` runs them, with an empty
cache and a stand-in `go` (tests/unit/fake_go/go) that writes placeholder binaries in a second. Its
gate holds a build inside its last step, so a test can interrupt it there or start a second build
beside it: every builder takes the cache's lock and builds into `bin.partial` (scripts/lib.sh).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.support import wait_until
from tests.versions import GO_MINIMUM, PULUMI_VERSION, PULUMI_YAML_VERSION, SEAWEEDFS_VERSION

FAKE_GO = ROOT / "tests" / "unit" / "fake_go"
SYSTEM_PATH = f"/usr/bin{os.pathsep}/bin"
SDKGEN = "sdkgen-" + hashlib.sha256((ROOT / "scripts" / "sdkgen" / "main.go").read_bytes()).hexdigest()[:16]
PULUMI_BINARIES = (
    "pulumi",
    "pulumi-language-python",
    "pulumi-language-python-exec",
    "pulumi-resource-pulumi-python",
    "pulumi-language-yaml",
)


@dataclass(frozen=True)
class Builder:
    name: str  # the prefix of its messages
    command: tuple[str, ...]  # as the Makefile runs it
    folder: str  # its folder under the cache
    binaries: tuple[str, ...]  # what a complete build holds in bin/
    result: str  # what the last line of stdout names, relative to the folder
    last_step: str  # a text of its last `go build` / `go install`, where the fake go's gate holds it
    find: tuple[str, ...] | None  # the command that finds a build and never builds, if it has one


BUILDERS = (
    Builder(
        "pulumi-cli", ("bash", "scripts/pulumi-cli.sh"), f"pulumi-v{PULUMI_VERSION}", PULUMI_BINARIES, "bin",
        "pulumi-language-yaml@", ("bash", "scripts/pulumi-cli.sh", "--find"),
    ),
    Builder(
        "seaweedfs", ("bash", "scripts/seaweedfs.sh"), f"seaweedfs-{SEAWEEDFS_VERSION}", ("weed",), "bin/weed",
        "seaweedfs/weed", ("bash", "scripts/seaweedfs.sh", "--find"),
    ),
    Builder(
        "sdkgen", ("bash", "scripts/build-sdkgen.sh"), f"sdkgen-v{PULUMI_VERSION}", (SDKGEN,), f"bin/{SDKGEN}",
        "/bin.partial/sdkgen-", None,
    ),
)  # fmt: skip


def fake_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A machine with the stand-in `go`, no real one, no `pulumi`, and an empty cache."""
    assert shutil.which("go", path=SYSTEM_PATH) is None, f"a real go in {SYSTEM_PATH} would stand in for the fake"
    return {
        "PATH": f"{FAKE_GO}{os.pathsep}{SYSTEM_PATH}",
        "HOME": str(tmp_path / "home"),
        "PULUMI_CLI_CACHE": str(tmp_path / "cache"),
        "FAKE_GO_LOG": str(tmp_path / "go.log"),
        "FAKE_GO_ROOT": str(tmp_path / "go"),
        "FAKE_PULUMI_VERSION": PULUMI_VERSION,
        **extra,
    }


def go_calls(env: dict[str, str], text: str = "") -> list[str]:
    """The `go` commands run so far that contain ``text``."""
    log = Path(env["FAKE_GO_LOG"])
    lines = log.read_text().splitlines() if log.exists() else []
    return [line for line in lines if line.startswith("go ") and text in line]


def build_steps(env: dict[str, str], text: str) -> list[str]:
    """The `go build` and `go install` commands run so far that contain ``text``."""
    return [call for call in go_calls(env, text) if call.startswith(("go build ", "go install "))]


def gated(env: dict[str, str]) -> bool:
    """Whether a build is held by the fake go's gate."""
    log = Path(env["FAKE_GO_LOG"])
    return log.exists() and "gated:" in log.read_text()


def run(command: tuple[str, ...], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@contextmanager
def started(command: tuple[str, ...], env: dict[str, str], output: Path) -> Iterator[subprocess.Popen[str]]:
    """``command`` running in a process group of its own, its stdout in ``output``.out and its stderr in
    ``output``.err; whatever of it still runs at the end is killed."""
    with output.with_suffix(".out").open("w") as out, output.with_suffix(".err").open("w") as err:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=err, text=True, start_new_session=True
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def assert_complete(builder: Builder, env: dict[str, str], stdout: str, stderr: str) -> None:
    dest = Path(env["PULUMI_CLI_CACHE"]) / builder.folder
    assert stdout.strip().splitlines()[-1] == str(dest / builder.result), stderr
    for name in builder.binaries:
        assert os.access(dest / "bin" / name, os.X_OK), f"{name} missing from {dest / 'bin'}:\n{stderr}"
    assert not (dest / "bin.partial").exists()


def test_make_pulumi_cli_builds_into_an_empty_cache_with_relative_script_paths(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    built = subprocess.run(["make", "pulumi-cli"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    assert built.stdout == ""  # the target discards the folder the script prints
    bin_dir = tmp_path / "cache" / f"pulumi-v{PULUMI_VERSION}" / "bin"
    for name in PULUMI_BINARIES:
        assert os.access(bin_dir / name, os.X_OK), f"{name} missing from {bin_dir}:\n{built.stderr}"
    assert go_calls(env, "go build") and go_calls(env, "pkg/v3/cmd/pulumi")
    assert go_calls(env, f"pulumi-language-yaml@v{PULUMI_YAML_VERSION}")
    found = run(BUILDERS[0].find or (), env)
    assert found.returncode == 0 and found.stdout.strip() == str(bin_dir)


def test_a_cached_cli_without_the_yaml_host_gains_it_without_a_rebuild_and_find_never_builds(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    assert run(BUILDERS[0].command, env).returncode == 0
    bin_dir = tmp_path / "cache" / f"pulumi-v{PULUMI_VERSION}" / "bin"
    (bin_dir / "pulumi-language-yaml").unlink()  # a cache from before the YAML host
    calls = len(go_calls(env))

    found = run(BUILDERS[0].find or (), env)
    assert found.returncode == 0 and found.stdout.strip() == str(bin_dir)
    assert "no pulumi-language-yaml beside it" in found.stderr
    assert len(go_calls(env)) == calls, "--find called go"

    upgraded = run(BUILDERS[0].command, env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert_complete(BUILDERS[0], env, upgraded.stdout, upgraded.stderr)
    assert len(go_calls(env, "pkg/v3/cmd/pulumi")) == 2, "the CLI was rebuilt"  # one `go get`, one `go build`
    assert len(go_calls(env, "pulumi-language-yaml@")) == 2
    assert f"into {bin_dir}.partial" in upgraded.stderr


def test_make_seaweedfs_builds_into_an_empty_cache_and_a_failed_build_never_looks_complete(tmp_path: Path) -> None:
    env = fake_env(tmp_path, FAKE_PULUMI_VERSION="4.53")
    dest = tmp_path / "cache" / f"seaweedfs-{SEAWEEDFS_VERSION}"

    def find() -> subprocess.CompletedProcess[str]:
        return run(("bash", "scripts/seaweedfs.sh", "--find"), env)

    # `--find` never builds.
    missing = find()
    assert missing.returncode != 0 and "make seaweedfs" in missing.stderr
    assert not go_calls(env), "--find called go"

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
    calls = "\n".join(go_calls(env))
    # Only the non-local replace of SeaweedFS's go.mod is mirrored.
    assert "go mod edit -replace=github.com/tyler-smith/go-bip39=github.com/cosmos/go-bip39@v1.0.0" in calls
    assert "seaweedfs/local" not in calls and "/Users/" not in calls
    assert f"go get -tool github.com/seaweedfs/seaweedfs/weed@{SEAWEEDFS_VERSION}" in calls
    assert f"go build -trimpath -ldflags -s -w -o {dest}/bin.partial/weed github.com/seaweedfs/seaweedfs/weed" in calls
    found = find()
    assert found.returncode == 0 and found.stdout.strip().splitlines()[-1] == str(weed)


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: b.name)
def test_an_interrupted_build_never_looks_complete_and_the_next_one_starts_afresh(
    builder: Builder, tmp_path: Path
) -> None:
    env = fake_env(tmp_path)
    held = {**env, "FAKE_GO_GATE": str(tmp_path / "gate"), "FAKE_GO_GATE_AT": builder.last_step}
    dest = tmp_path / "cache" / builder.folder
    with started(builder.command, held, tmp_path / "first") as first:
        # Killed inside its last step, with everything but that step's end already written.
        wait_until(lambda: gated(env), 60)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert not (dest / "bin").exists(), f"an interrupted build left {sorted(os.listdir(dest / 'bin'))} in bin/"
    assert (dest / "bin.partial").is_dir(), "the build was not interrupted inside its folder"
    if builder.find:
        missing = run(builder.find, env)
        assert missing.returncode != 0 and missing.stdout == "", missing.stdout

    again = run(builder.command, env)  # the killed run's lock went with it
    assert again.returncode == 0, again.stderr
    assert_complete(builder, env, again.stdout, again.stderr)
    assert len(build_steps(env, builder.last_step)) == 2


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: b.name)
def test_two_builds_into_one_empty_cache_end_with_one_complete_build(builder: Builder, tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    gate = tmp_path / "gate"
    held = {**env, "FAKE_GO_GATE": str(gate), "FAKE_GO_GATE_AT": builder.last_step}
    with started(builder.command, held, tmp_path / "first") as first:
        wait_until(lambda: gated(env), 60)
        with started(builder.command, held, tmp_path / "second") as second:
            waiting = f"{builder.name}: waiting for another run that is building into {env['PULUMI_CLI_CACHE']}/"
            wait_until(lambda: waiting in (tmp_path / "second.err").read_text(), 30)
            gate.touch()
            first.wait(timeout=60)
            second.wait(timeout=60)
    outputs = {name: (tmp_path / f"{name}.out").read_text() for name in ("first", "second")}
    errors = {name: (tmp_path / f"{name}.err").read_text() for name in ("first", "second")}
    assert (first.returncode, second.returncode) == (0, 0), errors
    for name in ("first", "second"):
        assert_complete(builder, env, outputs[name], errors[name])
    assert "built meanwhile by another run" in errors["second"]
    assert len(build_steps(env, builder.last_step)) == 1, go_calls(env)


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: b.name)
@pytest.mark.parametrize("go_version", [None, "1.24.2", GO_MINIMUM], ids=["no-go", "old-go", "minimum-go"])
def test_go_older_than_the_pinned_minimum_is_refused_in_one_sentence_before_building(
    builder: Builder, go_version: str | None, tmp_path: Path
) -> None:
    env = fake_env(tmp_path, FAKE_GO_VERSION=go_version or "")
    if go_version is None:
        env["PATH"] = SYSTEM_PATH
    result = run(builder.command, env)
    if go_version == GO_MINIMUM:
        assert result.returncode == 0, result.stderr
        return
    problem = "Go is not installed" if go_version is None else f"Go {go_version} is too old"
    assert result.returncode == 1 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{builder.name}: {problem}: install Go {GO_MINIMUM} or newer (https://go.dev/doc/install)")
    assert not go_calls(env, "go build") and not (tmp_path / "cache" / builder.folder / "bin").exists()


@pytest.mark.parametrize(
    ("settings", "root"),
    [
        ({"PULUMI_CLI_CACHE": "/c", "XDG_CACHE_HOME": "/x", "HOME": "/h"}, "/c"),
        ({"XDG_CACHE_HOME": "/x", "HOME": "/h"}, "/x/panorama-import-gate"),
        ({"HOME": "/h"}, "/h/.cache/panorama-import-gate"),
    ],
)
def test_the_builders_cache_root_is_pulumi_cli_cache_else_the_xdg_cache(settings: dict[str, str], root: str) -> None:
    probe = '. scripts/lib.sh probe; printf "%s" "$CACHE_ROOT"'
    result = subprocess.run(
        ["bash", "-c", probe], cwd=ROOT, env={"PATH": SYSTEM_PATH, **settings}, capture_output=True, text=True
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, root, "")


def test_make_demo_names_the_cli_it_uses_once(tmp_path: Path) -> None:
    """`make demo` with a cached CLI: its `pulumi-cli` step says which CLI, and scripts/demo.sh must not say
    it again. The demo runs in a copy of the checkout (it writes .demo/), against a stand-in `pulumi` that
    logs its first command and fails it, so the demo stops there."""
    env = fake_env(tmp_path)
    assert run(BUILDERS[0].command, env).returncode == 0
    bin_dir = tmp_path / "cache" / f"pulumi-v{PULUMI_VERSION}" / "bin"
    pulumi_log = tmp_path / "pulumi.log"
    (bin_dir / "pulumi").write_text(
        f'#!/bin/sh\n[ "$1" = version ] && {{ echo v{PULUMI_VERSION}; exit 0; }}\necho "$@" >> {pulumi_log}\nexit 3\n'
    )
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "constraints.txt"):
        shutil.copy(ROOT / name, checkout / name)
    shutil.copytree(ROOT / "scripts", checkout / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    for name in (".venv", "components", "emulator", "examples", "Pulumi.yaml", "__main__.py"):
        (checkout / name).symlink_to(ROOT / name)
    # `-o setup`: the venv is this checkout's, already set up.
    demo = subprocess.run(
        ["make", "-o", "setup", "demo"], cwd=checkout, env=env, capture_output=True, text=True, timeout=120
    )
    assert pulumi_log.exists() and pulumi_log.read_text().startswith("stack select --create demo"), demo.stderr
    assert demo.returncode != 0  # the stand-in's refusal
    named = [line for line in demo.stderr.splitlines() if line.startswith("pulumi-cli: using cached pulumi")]
    assert named == [f"pulumi-cli: using cached pulumi v{PULUMI_VERSION} at {bin_dir} (language host: fallback)"]
