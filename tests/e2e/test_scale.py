"""Many gates at once under an account's DescribePackageImportJob quota, through the real engine: the reduced
version of `make scale` (P8 in BENCHMARKS.md runs the full one, 20 stacks of 10 gates and a 500-job `wait`).

4 stacks run `pulumi up` at once, 2 on the Python resource and 2 on Pulumi YAML through the plugin, each with 5
gates on jobs of 5 to 15 s, and `python -m components wait` then waits on 40 such jobs, all against a quota
low enough that throttling really happens. With the default retry mode no gate and no job fails, and every
stack's outputs are right. No timing is asserted; the figures are printed (`-s`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.scale import DESCRIBE, Scenario, engine_env, markdown, run_cli, run_stacks
from emulator.testing import EmulatorProcess

pytestmark = pytest.mark.e2e

#: 20 gates poll about 30 times a second at first; 3 a second makes most of that throttled. (At 2 a second
#: the 4 providers' rate limiters, 0.5 a second each at the least, would fill the quota by themselves.)
REDUCED = Scenario(python_stacks=2, yaml_stacks=2, gates_per_stack=5, shortest=5, longest=15, rate=3, burst=3,
                   cli_jobs=40)  # fmt: skip


def test_gates_and_the_cli_under_a_describe_quota_all_pass(
    pulumi_cli: Path, yaml_plugin: Path, pulumi_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_RETRY_MODE", raising=False)  # the default mode
    (tmp_path / "backend").mkdir()
    (tmp_path / "stacks").mkdir()
    env = engine_env(dict(os.environ), pulumi_cli, pulumi_home, tmp_path / "backend")
    with EmulatorProcess("--quota", f"{DESCRIBE}={REDUCED.rate:g}/{REDUCED.burst}") as emulator:
        stacks_run, stacks = run_stacks(REDUCED, emulator, env, tmp_path / "stacks", retry_mode=None)
        cli_run = run_cli(REDUCED, emulator, env, retry_mode=None)
    print(f"\n{REDUCED.label()}\n{markdown([stacks_run, cli_run])}")

    for stack in stacks:
        assert stack.returncode == 0, stack.log.read_text()
        assert stack.wrong_outputs() == [], stack.log.read_text()
    for run in (stacks_run, cli_run):
        assert run.failures == [], run.failures
        assert run.throttled > 0, f"{run.what}: the quota never throttled, so this proved nothing"
        assert None not in run.latencies.values(), "every job's end was reported by a Describe answer"
