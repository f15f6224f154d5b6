"""`python -m bench.p4_compare REV [REV ...]`: P4 (`pulumi up` of 1 and 50 gates against the floors) with this
checkout's gate and with each REV's, interleaved run by run, so that a before/after comparison is not a
comparison of two moments of a busy machine.

Each run measures every stack once, in an order that alternates between runs (forward, then backward), so
no version always runs first or last. The floors (an empty stack, no-op dynamic resources, one botocore
describe) do not depend on the gate's code and are measured once per run. It prints a Markdown table with
medians and spreads, and each version's goals: one gate ≤ 1.05 times the botocore floor, 50 gates ≤ 1.5 times one.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.figures import ROOT, Env, pulumi_up
from bench.scale import bench_env, pulumi_cli
from bench.stats import Sample, ratio
from emulator.testing import EmulatorProcess

Measure = Callable[[], float]


def _checkout(rev: str, into: Path) -> Path:
    """The gate's package (`components/`) as it was at ``rev``."""
    target = into / rev
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", rev, "components"], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target / "components"


def _stacks(env: Env, emulator: EmulatorProcess, versions: dict[str, Path]) -> dict[str, Measure]:
    def jobs(count: int) -> str:
        return ",".join(emulator.seed_job() for _ in range(count))

    def gates(count: int, components: Path) -> Measure:
        return lambda: pulumi_up(env, "fanout", {"endpointUrl": emulator.url, "jobIds": jobs(count)}, components)

    stacks: dict[str, Measure] = {
        "empty stack": lambda: pulumi_up(env, "fanout", {"endpointUrl": emulator.url}),
        "1 no-op dynamic resource": lambda: pulumi_up(env, "noop", {"count": "1"}),
        "1 botocore describe": lambda: pulumi_up(env, "botofloor", {"endpointUrl": emulator.url, "jobIds": jobs(1)}),
        "50 no-op dynamic resources": lambda: pulumi_up(env, "noop", {"count": "50"}),
    }
    for name, components in versions.items():
        stacks[f"1 gate ({name})"] = gates(1, components)
        stacks[f"50 gates ({name})"] = gates(50, components)
    return stacks


def measure(env: Env, versions: dict[str, Path], runs: int) -> dict[str, Sample]:
    with EmulatorProcess() as emulator:
        stacks = _stacks(env, emulator, versions)
        stacks["empty stack"]()  # warm-up: the engine's and the interpreter's first start
        values: dict[str, list[float]] = {name: [] for name in stacks}
        order = list(stacks)
        for run in range(runs):
            for name in order if run % 2 == 0 else reversed(order):
                values[name].append(stacks[name]())
            print(f"run {run + 1}/{runs} done", file=sys.stderr)
    return {name: Sample(tuple(found)) for name, found in values.items()}


def report(samples: dict[str, Sample], versions: list[str]) -> str:
    boto = samples["1 botocore describe"]
    lines = ["| Stack | `pulumi up` | vs botocore floor |", "|---|---|---|"]
    lines += [f"| {name} | {sample.cell()} | {ratio(sample, boto)} |" for name, sample in samples.items()]
    lines.append("")
    for name in versions:
        one, fifty = samples[f"1 gate ({name})"], samples[f"50 gates ({name})"]
        lines.append(
            f"- {name}: one gate {ratio(one, boto)} the botocore floor (goal ≤ 1.05×: "
            f"{'met' if one.median <= 1.05 * boto.median else 'MISSED'}); 50 gates {ratio(fifty, one)} one gate "
            f"(goal ≤ 1.5×: {'met' if fifty.median <= 1.5 * one.median else 'MISSED'})"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.p4_compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("revs", nargs="+", help="git revisions whose gate to compare with this checkout's")
    parser.add_argument("--runs", type=int, default=10, help="runs of every stack (default: 10)")
    args = parser.parse_args(argv)
    env = Env(aws_bin=ROOT / "bench" / ".anchors" / "bin", pulumi_bin=pulumi_cli(), vars=bench_env())
    with tempfile.TemporaryDirectory(prefix="gate-p4-") as tmp:
        versions = {"this checkout": ROOT / "components"}
        versions |= {rev: _checkout(rev, Path(tmp)) for rev in args.revs}
        samples = measure(env, versions, args.runs)
    print(report(samples, list(versions)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
