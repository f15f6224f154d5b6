"""P8 and `make scale`: many gates at once under one account's DescribePackageImportJob quota, through the
real engine, and the pipeline CLI over many jobs under the same quota.

The full scenario: 20 stacks run `pulumi up` at once, 10 on the Python resource and 10 on Pulumi YAML through
the plugin, each with 10 gates, so 200 gates on 200 jobs whose lengths are spread evenly over 30 to 90 s. One
emulator limits DescribePackageImportJob to 10 requests per second per account (every stack uses the same
access key, as one pipeline account would) with a bucket of 10: one second's worth, the emulator's default
and the strictest bucket a 10/s quota can have, so the start, where 200 gates poll within the same seconds,
is throttled almost entirely instead of being absorbed by a large burst. Then `python -m components wait`
over 500 such jobs under the same quota.

What is measured, per run: gates that failed (from each stack's state) and how many of those failed because
of throttling (their error says so); Describe calls the emulator accepted and throttled (its quota counters);
the release latency of every job, from the moment it ended to the first DescribePackageImportJob answer that
reported it done (the emulator records both, on its own clock: `GET /_emulator/releases`); and wall time,
from the start of the runs to the last exit.

What they are held against:

- **the fewest calls**: 1 per job, the answer that reports it done; 2 for a waiter whose first answer comes
  before its job ends, since it must see the job PENDING first. The quota lets the stacks' 200 first
  answers out in 19 s, before the shortest job ends at 30 s, so 2 per gate there; the CLI's 500 take 49 s,
  so jobs that ended before their first answer need only 1;
- **the quota's capacity**: burst + rate * wall time, the most calls the account could have had accepted;
- **a perfect round-robin at the quota**: one scheduler for the whole account that spends exactly the quota
  (burst at once, then `rate` per second) from the moment the runs start, each call on the unfinished job
  polled longest ago. With N jobs pending it sees each within N / rate seconds, the best worst-case any
  schedule that does not know the job lengths can promise within the quota. Its latencies are the
  reference for ours; it is computed from each run's own job ends.

`python -m bench.scale` (`make scale`) runs the stacks and the CLI in both botocore retry modes, then the
stacks once more in the default mode with every gate polling at its share of the quota (gates / rate
seconds: 20 s), and prints the table; `make bench` reports it as P8 (BENCH_QUICK=1 runs the small version).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from bench.figures import Env, Figure
from bench.figures import yaml_program as gates_program
from components.core.client import DEFAULT_RETRY_MODE
from emulator.testing import EmulatorProcess

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
PROGRAM = ROOT / "bench" / "programs" / "scale"
DESCRIBE = "DescribePackageImportJob"
PASSPHRASE = "scale"
PYTHON_TYPE = "pulumi-python:dynamic:Resource"
PLUGIN_TYPE = "panorama-import-gate:index:PackageImportJob"
RETRY_MODES = ("standard", "adaptive")
PACKAGE_VERSION = "1.0"
#: The error of a failed gate that has none of its own.
NOT_FINISHED = "none of its own: still waiting when its update stopped on another gate's error"
#: How long past the longest job a run may take before it counts as hung.
HANG_GUARD_SECONDS = 600
#: Where the output of stacks with failed gates is kept (`.bench/` is not committed).
LOGS = ROOT / ".bench" / "scale-logs"


@dataclass(frozen=True)
class Scenario:
    """How many stacks and gates, how long their jobs run, and the account's Describe quota."""

    python_stacks: int
    yaml_stacks: int
    gates_per_stack: int
    shortest: float
    """Job lengths are spread evenly over [shortest, longest] seconds, then shuffled."""
    longest: float
    rate: float
    """DescribePackageImportJob requests per second per account."""
    burst: int
    cli_jobs: int
    """Jobs of the `python -m components wait` run (0: none)."""
    seed: int = 8

    @property
    def stacks(self) -> int:
        return self.python_stacks + self.yaml_stacks

    @property
    def gates(self) -> int:
        return self.stacks * self.gates_per_stack

    def durations(self, count: int) -> list[float]:
        """``count`` job lengths spread evenly over the range, in a seeded random order."""
        span = self.longest - self.shortest
        lengths = [self.shortest + span * i / max(1, count - 1) for i in range(count)]
        random.Random(self.seed).shuffle(lengths)
        return lengths

    def label(self) -> str:
        return (
            f"{self.stacks} stacks × {self.gates_per_stack} gates ({self.python_stacks} Python, "
            f"{self.yaml_stacks} YAML), jobs {self.shortest:g}–{self.longest:g} s, "
            f"Describe quota {self.rate:g}/s (burst {self.burst})"
        )


FULL = Scenario(python_stacks=10, yaml_stacks=10, gates_per_stack=10, shortest=30, longest=90, rate=10, burst=10,
                cli_jobs=500)  # fmt: skip
#: BENCH_QUICK=1 and `make scale QUICK=1`: the same shape, small.
QUICK = Scenario(python_stacks=2, yaml_stacks=2, gates_per_stack=5, shortest=10, longest=25, rate=3, burst=3,
                 cli_jobs=60)  # fmt: skip


# -- measuring ------------------------------------------------------------------------------------
class CpuSampler:
    """CPU while a run lasts: the core-seconds of the run's own processes (every child this process waited
    for, with their descendants, plus the emulator) and the whole machine's busy share, sampled each second
    from /proc/stat (other work on the machine shows there, not in the first figure)."""

    def __init__(self, emulator: EmulatorProcess) -> None:
        self.samples: list[float] = []
        self.own = 0.0
        self._emulator_pid = emulator.proc.pid if emulator.proc else None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._started = 0.0

    @staticmethod
    def _machine() -> tuple[int, int]:
        try:
            fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        except (OSError, ValueError, IndexError):
            return 0, 0
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return sum(fields) - idle, sum(fields)

    def _own(self) -> float:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        total = children.ru_utime + children.ru_stime
        if self._emulator_pid:
            try:
                stat = Path(f"/proc/{self._emulator_pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
            except (OSError, ValueError, IndexError):
                pass
        return total

    def _run(self) -> None:
        busy, total = self._machine()
        while not self._stop.wait(1.0):
            now_busy, now_total = self._machine()
            if now_total > total:
                self.samples.append((now_busy - busy) / (now_total - total))
            busy, total = now_busy, now_total

    def __enter__(self) -> CpuSampler:
        self._started = self._own()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.own = self._own() - self._started

    def summary(self, wall: float) -> str:
        machine = f"machine {statistics.fmean(self.samples):.0%} busy" if self.samples else "machine n/a"
        return f"run {self.own / wall:.2f} of {os.cpu_count()} cores; {machine}"


def round_robin(ends: list[float], rate: float, burst: int) -> tuple[list[float], int]:
    """Release latencies and calls of the perfect round-robin at the quota (see the module's doc): call k
    (0-based) goes out at max(0, (k + 1 - burst) / rate) s, to the unfinished job polled longest ago."""
    pending = deque(range(len(ends)))
    latencies = [0.0] * len(ends)
    calls = 0
    while pending:
        at = max(0.0, (calls + 1 - burst) / rate)
        job = pending.popleft()
        calls += 1
        if at >= ends[job]:
            latencies[job] = at - ends[job]
        else:
            pending.append(job)
    return latencies, calls


@dataclass
class Outcome:
    """One run's figures."""

    what: str
    retry_mode: str
    gates: int
    failures: list[str]
    """One line per failed gate or job: its error."""
    accepted: int
    throttled: int
    latencies: dict[str, float | None]
    """Per job: release latency in seconds (None: no answer ever reported it done)."""
    wall: float
    ends: list[float]
    """When each job ended, in seconds after the runs started."""
    rate: float
    burst: int
    cpu: str = "n/a"
    variant: str = ""
    """What this run changed beyond the retry mode (e.g. the gates' poll delays); "" for nothing."""

    @property
    def failed_by_throttling(self) -> int:
        """Failures whose own error is throttling."""
        return sum("throttl" in line.lower() for line in self.failures)

    @property
    def stopped(self) -> int:
        """Gates with no error of their own: their update stopped on another gate's error."""
        return sum(NOT_FINISHED in line or "Resource monitor has terminated" in line for line in self.failures)

    def failed_cell(self) -> str:
        if not self.failures:
            return f"0 of {self.gates}"
        other = len(self.failures) - self.failed_by_throttling - self.stopped
        parts = [f"{self.failed_by_throttling} throttled"]
        if self.stopped:
            parts.append(f"{self.stopped} stopped with their update")
        if other:
            parts.append(f"{other} other")
        return f"**{len(self.failures)} of {self.gates}**: {', '.join(parts)}"

    @property
    def calls(self) -> int:
        return self.accepted + self.throttled

    @property
    def capacity(self) -> float:
        return self.burst + self.rate * self.wall

    def seen(self) -> list[float]:
        return [v for v in self.latencies.values() if v is not None]

    def latency_cell(self) -> str:
        seen = self.seen()
        if not seen:
            return "none seen"
        unseen = len(self.latencies) - len(seen)
        return f"{statistics.fmean(seen):.1f} s (worst {max(seen):.1f})" + (f", {unseen} never seen" if unseen else "")

    @property
    def title(self) -> str:
        return f"{self.what}, {self.variant}" if self.variant else self.what

    def row(self) -> tuple[str, ...]:
        return (
            self.title,
            f"`{self.retry_mode}`",
            self.failed_cell(),
            f"{self.calls:,} ({self.throttled:,} throttled)",
            f"{self.accepted / self.gates:.1f}",
            f"{self.accepted / self.capacity:.0%}",
            self.latency_cell(),
            f"{self.wall:.0f} s (last job ended at {max(self.ends):.0f} s)",
            self.cpu,
        )

    def reference_row(self) -> tuple[str, ...]:
        latencies, calls = round_robin(self.ends, self.rate, self.burst)
        return (
            f"{self.what}: perfect round-robin at the quota (reference)",
            "—",
            "0",
            f"{calls:,} (0 throttled)",
            f"{calls / self.gates:.1f}",
            "—",
            f"{statistics.fmean(latencies):.1f} s (worst {max(latencies):.1f})",
            f"{max(e + lat for e, lat in zip(self.ends, latencies, strict=True)):.0f} s",
            "—",
        )


def _quota_counts(emulator: EmulatorProcess) -> tuple[int, int]:
    counts = emulator.quota_counters().get(DESCRIBE, {})
    return int(counts.get("accepted", 0)), int(counts.get("throttled", 0))


def _arm(emulator: EmulatorProcess, scenario: Scenario) -> None:
    """The quota with a full bucket, and every counter at zero."""
    emulator.set_quota(DESCRIBE, scenario.rate, scenario.burst)
    emulator.admin("DELETE", "counters")


def _seed(emulator: EmulatorProcess, jobs: dict[str, float]) -> None:
    for job_id, length in jobs.items():
        emulator.seed_job(job_id=job_id, duration=length, package_name=f"scale-{job_id[-12:]}",
                          package_version=PACKAGE_VERSION)  # fmt: skip


def _ends(emulator: EmulatorProcess, job_ids: Iterable[str], started: float) -> tuple[dict[str, Any], list[float]]:
    releases = emulator.releases()
    mine = {job_id: releases.get(job_id) for job_id in job_ids}
    ends = [float(r["ended"]) - started for r in mine.values() if r is not None]
    return mine, ends


def _outcome(
    what: str,
    scenario: Scenario,
    retry_mode: str | None,
    emulator: EmulatorProcess,
    *,
    job_ids: list[str],
    timing: tuple[float, float],
    failures: list[str],
    cpu: str,
    variant: str = "",
) -> Outcome:
    """One run's figures: its failures, and what the emulator saw of its jobs (``timing``: start, wall)."""
    started, wall = timing
    accepted, throttled = _quota_counts(emulator)
    releases, ends = _ends(emulator, job_ids, started)
    return Outcome(
        what=what, retry_mode=retry_mode or DEFAULT_RETRY_MODE, gates=len(job_ids), failures=failures,
        accepted=accepted, throttled=throttled,
        latencies={job_id: (r or {}).get("release_latency") for job_id, r in releases.items()},
        wall=wall, ends=ends, rate=scenario.rate, burst=scenario.burst, cpu=cpu, variant=variant,
    )  # fmt: skip


# -- stacks ---------------------------------------------------------------------------------------
@dataclass
class StackRun:
    """One stack of the scenario: its project folder, its gates' job IDs and its `pulumi up`."""

    name: str
    kind: str
    """"python" or "yaml"."""
    workdir: Path
    job_ids: list[str]
    env: dict[str, str]
    log: Path
    returncode: int | None = None
    ended: float = 0.0

    def pulumi(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            ["pulumi", *args, "--non-interactive", "--stack", self.name],
            cwd=self.workdir, env=self.env, capture_output=True, text=True, check=False, timeout=300,
        )  # fmt: skip
        if check and result.returncode != 0:
            raise RuntimeError(f"pulumi {' '.join(args)} ({self.name}) failed: {result.stderr or result.stdout}")
        return result

    def passed(self) -> dict[str, str]:
        """Job ID to status of every gate in the stack's state."""
        deployment = json.loads(self.pulumi("stack", "export").stdout)["deployment"]
        found: dict[str, str] = {}
        for entry in deployment.get("resources") or []:
            outputs = entry.get("outputs") or {}
            if entry["type"] in (PYTHON_TYPE, PLUGIN_TYPE):
                job_id = outputs.get("job_id") or outputs.get("jobId")
                if job_id:
                    found[str(job_id)] = str(outputs.get("status"))
        return found

    def outputs(self) -> dict[str, Any]:
        result = self.pulumi("stack", "output", "--json", check=False)
        return dict(json.loads(result.stdout)) if result.returncode == 0 and result.stdout.strip() else {}

    def wrong_outputs(self) -> list[str]:
        """What is wrong with the stack's outputs (nothing: every gate exported its job, SUCCEEDED, 1.0)."""
        outputs = self.outputs()
        wrong = []
        for index, job_id in enumerate(self.job_ids):
            expected = {"jobId": job_id, "status": "SUCCEEDED", "packageVersion": PACKAGE_VERSION}
            if outputs.get(f"gate-{index}") != expected:
                wrong.append(f"{self.name} gate-{index}: {outputs.get(f'gate-{index}')!r}, expected {expected!r}")
        return wrong

    def errors(self) -> dict[str, str]:
        """Gate name (``gate-<n>``) to its first error, from the Diagnostics section of the run's output."""
        text = self.log.read_text(errors="replace")
        found: dict[str, str] = {}
        current: str | None = None
        for line in text.partition("\nDiagnostics:")[2].splitlines():
            header = re.match(r"^  \S+ \((.+)\):$", line)
            if header:
                current = header.group(1)
            elif current and line.strip().startswith("error:"):
                found.setdefault(current, line.strip().removeprefix("error:").strip())
        return found


def yaml_program(job_ids: list[str], endpoint: str, poll_delay: float | None = None) -> str:
    """The bench's YAML program of one gate per job (``bench.figures``), with one output per gate."""
    delays = {} if poll_delay is None else {f"poll{end}DelaySeconds": f"{poll_delay:g}" for end in ("Min", "Max")}
    lines = [gates_program(job_ids, endpoint, "scale-gates-yaml", delays).rstrip("\n"), "outputs:"]
    for index in range(len(job_ids)):
        lines += [
            f"  gate-{index}:",
            f"    jobId: ${{gate-{index}.jobId}}",
            f"    status: ${{gate-{index}.status}}",
            f"    packageVersion: ${{gate-{index}.packageVersion}}",
        ]
    return "\n".join(lines) + "\n"


def engine_env(base: dict[str, str], pulumi_bin: Path, home: Path, backend: Path) -> dict[str, str]:
    """What every `pulumi` of the scenario runs with (the providers it starts inherit it)."""
    return {
        **base,
        "PATH": f"{pulumi_bin}{os.pathsep}{ROOT / '.venv' / 'bin'}{os.pathsep}{base['PATH']}",
        "PULUMI_HOME": str(home),
        "PULUMI_BACKEND_URL": f"file://{backend}",
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_SKIP_CONFIRMATIONS": "true",
        "NO_COLOR": "1",
    }


def prepare_stacks(
    scenario: Scenario, emulator: EmulatorProcess, env: dict[str, str], workdir: Path, poll_delay: float | None = None
) -> tuple[list[StackRun], dict[str, float]]:
    """Create every stack (projects, `stack init`, config) with the job IDs its gates will track, and
    the length of each job. The jobs themselves are seeded only when the runs start. ``poll_delay`` sets
    every gate's poll_min_delay_seconds and poll_max_delay_seconds (None: the defaults)."""
    run = uuid.uuid4().hex[:6]
    lengths = iter(scenario.durations(scenario.gates))
    template = workdir / "python-template"
    shutil.copytree(PROGRAM, template, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "components", template / "components", ignore=shutil.ignore_patterns("__pycache__"))
    # Byte-compiled once, as `pip install` does: every stack then starts like a second run would.
    subprocess.run([PY, "-m", "compileall", "-q", str(template)], check=True)
    (workdir / "logs").mkdir()
    stacks: list[StackRun] = []
    jobs: dict[str, float] = {}
    for number in range(scenario.stacks):
        kind = "python" if number < scenario.python_stacks else "yaml"
        name = f"{kind[:2]}-{number:02d}-{run}"
        job_ids = [f"pij-scale-{run}-{number:02d}-{gate:02d}" for gate in range(scenario.gates_per_stack)]
        jobs.update({job_id: next(lengths) for job_id in job_ids})
        folder = workdir / name
        if kind == "python":
            shutil.copytree(template, folder)
            (folder / ".venv").symlink_to(ROOT / ".venv")
        else:
            folder.mkdir()
            (folder / "Pulumi.yaml").write_text(yaml_program(job_ids, emulator.url, poll_delay))
        stacks.append(StackRun(name, kind, folder, job_ids, env, workdir / "logs" / f"{name}.log"))

    def init(stack: StackRun) -> None:
        created = subprocess.run(["pulumi", "stack", "init", stack.name, "--non-interactive"], cwd=stack.workdir,
                                 env=stack.env, capture_output=True, text=True, check=False)  # fmt: skip
        if created.returncode != 0:
            raise RuntimeError(f"pulumi stack init {stack.name} failed: {created.stderr or created.stdout}")
        if stack.kind == "python":
            stack.pulumi("config", "set", "jobIds", ",".join(stack.job_ids))
            stack.pulumi("config", "set", "endpointUrl", emulator.url)
            if poll_delay is not None:
                stack.pulumi("config", "set", "pollDelay", f"{poll_delay:g}")

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(init, stacks))
    return stacks, jobs


def _run_all(scenario: Scenario, emulator: EmulatorProcess, stacks: list[StackRun]) -> tuple[float, float, str]:
    """Start every stack's `pulumi up` at once and wait for all: (start time, wall seconds, CPU summary)."""
    started = time.time()
    handles: list[tuple[StackRun, subprocess.Popen[str], IO[str]]] = []
    with CpuSampler(emulator) as cpu:
        for stack in stacks:
            out: IO[str] = stack.log.open("w")
            proc = subprocess.Popen(
                ["pulumi", "up", "--yes", "--skip-preview", "--non-interactive", "--stack", stack.name],
                cwd=stack.workdir, env=stack.env, stdout=out, stderr=subprocess.STDOUT, text=True,
            )  # fmt: skip
            handles.append((stack, proc, out))
        pending = list(handles)
        deadline = time.monotonic() + scenario.longest + HANG_GUARD_SECONDS
        while pending:  # note each exit when it happens, not in start order
            for entry in list(pending):
                stack, proc, log = entry
                if time.monotonic() > deadline and proc.poll() is None:
                    proc.kill()  # a hung run: its gates count as failed, with what it printed
                if proc.poll() is not None:
                    stack.returncode, stack.ended = proc.returncode, time.time()
                    log.close()
                    pending.remove(entry)
            time.sleep(0.05)
    wall = max(stack.ended for stack in stacks) - started
    return started, wall, cpu.summary(wall)


def run_stacks(
    scenario: Scenario,
    emulator: EmulatorProcess,
    env: dict[str, str],
    workdir: Path,
    retry_mode: str | None,
    *,
    keep_logs: Path | None = None,
    poll_delay: float | None = None,
) -> tuple[Outcome, list[StackRun]]:
    """The stacks' part: prepare, seed the jobs, run every `pulumi up --yes --skip-preview` at once.

    ``env`` must hold PATH with the CLI, PULUMI_HOME with the plugin installed and a file backend
    (``engine_env``); ``retry_mode`` None leaves AWS_RETRY_MODE unset (the default mode)."""
    env = {k: v for k, v in env.items() if k != "AWS_RETRY_MODE"}
    if retry_mode:
        env["AWS_RETRY_MODE"] = retry_mode
    stacks, jobs = prepare_stacks(scenario, emulator, env, workdir, poll_delay)
    _arm(emulator, scenario)
    _seed(emulator, jobs)
    started, wall, cpu_summary = _run_all(scenario, emulator, stacks)

    def failures_of(stack: StackRun) -> list[str]:
        passed = stack.passed()
        failed = [(index, job_id) for index, job_id in enumerate(stack.job_ids) if passed.get(job_id) != "SUCCEEDED"]
        if failed and keep_logs is not None:
            keep_logs.mkdir(parents=True, exist_ok=True)
            shutil.copy(stack.log, keep_logs / stack.log.name)
        errors = stack.errors()
        # A gate with no error of its own was still waiting when the update stopped on another's error.
        return [f"{stack.name} {job_id}: {errors.get(f'gate-{index}', NOT_FINISHED)}" for index, job_id in failed]

    with ThreadPoolExecutor(max_workers=4) as pool:
        failures = [line for lines in pool.map(failures_of, stacks) for line in lines]
    outcome = _outcome(
        f"{scenario.stacks} stacks × {scenario.gates_per_stack} gates", scenario, retry_mode, emulator,
        job_ids=list(jobs), timing=(started, wall), failures=failures, cpu=cpu_summary,
        variant="" if poll_delay is None else f"every gate polling every {poll_delay:.3g} s",
    )  # fmt: skip
    return outcome, stacks


# -- the CLI --------------------------------------------------------------------------------------
def run_cli(scenario: Scenario, emulator: EmulatorProcess, env: dict[str, str], retry_mode: str | None) -> Outcome:
    """`python -m components wait` over ``scenario.cli_jobs`` jobs under the same quota."""
    env = {k: v for k, v in env.items() if k != "AWS_RETRY_MODE"}
    if retry_mode:
        env["AWS_RETRY_MODE"] = retry_mode
    run = uuid.uuid4().hex[:6]
    lengths = scenario.durations(scenario.cli_jobs)
    jobs = {f"pij-cli-{run}-{index:03d}": length for index, length in enumerate(lengths)}
    _arm(emulator, scenario)
    _seed(emulator, jobs)
    started = time.time()
    with CpuSampler(emulator) as cpu:
        result = subprocess.run(
            [PY, "-m", "components", "wait", *jobs, "--json", "--endpoint-url", emulator.url],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
            timeout=scenario.longest + HANG_GUARD_SECONDS,
        )  # fmt: skip
    wall = time.time() - started
    try:
        verdicts = json.loads(result.stdout)["jobs"]
    except (ValueError, KeyError):
        verdicts = [{"job_id": job_id, "verdict": "ERROR", "error": result.stderr.strip()[-300:]} for job_id in jobs]
    failures = [f"{j['job_id']}: {j.get('error', j['verdict'])}" for j in verdicts if j["verdict"] != "SUCCEEDED"]
    return _outcome(
        f"CLI `wait` over {scenario.cli_jobs} jobs", scenario, retry_mode, emulator,
        job_ids=list(jobs), timing=(started, wall), failures=failures, cpu=cpu.summary(wall),
    )  # fmt: skip


# -- the whole scenario ---------------------------------------------------------------------------
HEADER = (
    "Run",
    "Retry mode",
    "Failed",
    "Describe calls (throttled)",
    "Accepted per job",
    "Quota used",
    "Release latency, mean (worst)",
    "Wall time",
    "CPU",
)


def install_plugin(env: dict[str, str]) -> None:
    installed = subprocess.run([PY, "-m", "components", "install-plugin"], cwd=ROOT, env=env, capture_output=True,
                               text=True, check=False)  # fmt: skip
    if installed.returncode != 0:
        raise RuntimeError(f"install-plugin failed: {installed.stderr}")


def run_scenario(
    scenario: Scenario,
    base_env: dict[str, str],
    pulumi_bin: Path,
    modes: Iterable[str] = RETRY_MODES,
    progress: Callable[[str], None] = print,
    *,
    tuned: bool = True,
) -> list[Outcome]:
    """Every retry mode: the stacks, then the CLI; then (``tuned``) the stacks in the default mode with
    every gate's poll delay at its share of the quota. One emulator with the quota for all of them."""
    outcomes: list[Outcome] = []
    quota = f"{DESCRIBE}={scenario.rate:g}/{scenario.burst}"
    with tempfile.TemporaryDirectory(prefix="gate-scale-") as tmp, EmulatorProcess("--quota", quota) as emulator:
        home = Path(tmp) / "home"
        env = engine_env(base_env, pulumi_bin, home, Path(tmp) / "backend")
        (Path(tmp) / "backend").mkdir()
        install_plugin(env)
        for mode in modes:
            progress(f"scale: {scenario.label()}, AWS_RETRY_MODE={mode} ...")
            workdir = Path(tmp) / f"stacks-{mode}"
            workdir.mkdir()
            outcome, _ = run_stacks(scenario, emulator, env, workdir, mode, keep_logs=LOGS / mode)
            outcomes.append(outcome)
            progress(f"scale:   {' | '.join(outcome.row())}")
            if scenario.cli_jobs:
                outcome = run_cli(scenario, emulator, env, mode)
                outcomes.append(outcome)
                progress(f"scale:   {' | '.join(outcome.row())}")
        if tuned:
            # "Poll settings for many gates": every gate polls at its share of the quota, gates ÷ rate seconds.
            delay = scenario.gates / scenario.rate
            progress(f"scale: {scenario.label()}, default retry mode, every gate polling every {delay:.3g} s ...")
            workdir = Path(tmp) / "stacks-tuned"
            workdir.mkdir()
            outcome, _ = run_stacks(scenario, emulator, env, workdir, None, keep_logs=LOGS / "tuned", poll_delay=delay)
            outcomes.append(outcome)
            progress(f"scale:   {' | '.join(outcome.row())}")
    return outcomes


def markdown(outcomes: list[Outcome]) -> str:
    rows = [outcome.row() for outcome in outcomes] + reference_rows(outcomes)
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def failure_summary(outcomes: list[Outcome]) -> list[str]:
    """The distinct errors of failed gates and jobs, per run, most frequent first."""
    lines = []
    for outcome in outcomes:
        if outcome.failures:
            counts: dict[str, int] = {}
            for failure in outcome.failures:
                cause = failure.split(": ", 1)[-1]
                counts[cause] = counts.get(cause, 0) + 1
            for cause, count in sorted(counts.items(), key=lambda item: -item[1]):
                lines.append(f"{outcome.title}, `{outcome.retry_mode}`: {count}× {cause}")
    return lines


def p8_scale(env: Env, quick: bool) -> Figure:
    """P8 for `make bench`: the scenario in both retry modes, with the references and the goals."""
    scenario = QUICK if quick else FULL
    outcomes = run_scenario(
        scenario, env.vars, env.pulumi_bin, RETRY_MODES, progress=lambda line: print(line, flush=True)
    )
    figure = Figure(f"P8: many gates under one account's Describe quota: {scenario.label()}; then the CLI")
    figure.rows = [outcome.row() for outcome in outcomes] + reference_rows(outcomes)
    default = DEFAULT_RETRY_MODE
    for outcome in outcomes:
        if outcome.retry_mode == default:
            figure.goal(
                f"`{default}` (the default): 0 failed, {outcome.title} ({len(outcome.failures)} of {outcome.gates})",
                not outcome.failures,
            )
    figure.goal(
        "the quota throttled every run, so the runs prove something "
        f"({', '.join(f'{o.throttled:,}' for o in outcomes)} throttled answers)",
        all(o.throttled for o in outcomes),
    )
    first_round = max(0.0, (scenario.gates - scenario.burst) / scenario.rate)
    cli_round = max(0.0, (scenario.cli_jobs - scenario.burst) / scenario.rate)
    figure.notes += [
        f"One emulator limits DescribePackageImportJob to {scenario.rate:g} requests per second per account "
        f"(every run uses one access key, as one pipeline account would) with a bucket of {scenario.burst}: one "
        "second's worth, the emulator's default and the strictest bucket that quota can have, so the start, "
        "where every gate polls within the same seconds, is throttled almost entirely instead of being absorbed "
        "by a large burst. Job lengths are spread evenly over the range in a seeded order; the jobs are seeded "
        "right before the runs start, so a length is the time from the start. Each run sets `AWS_RETRY_MODE`, "
        "which the providers started by `pulumi` and the CLI inherit. Each row is one run (a run takes minutes), "
        "not a median.",
        "**Failed** counts gates missing from their stack's state as SUCCEEDED (CLI: jobs whose verdict is not "
        "SUCCEEDED), by their own error: throttling (`Panorama kept throttling …`), or none of their own "
        "because their update stopped on a sibling's error. **Describe calls** are the emulator's quota "
        "counters: accepted + throttled. **Accepted per job**: the fewest is 1 (the answer that reports the job "
        "done), and 2 for a waiter whose first answer comes before its job ends, which must see it PENDING "
        f"first: the quota lets the stacks' {scenario.gates} first answers out in {first_round:.0f} s, before "
        f"the shortest job ends at {scenario.shortest:g} s, so 2 per gate there; the CLI's {scenario.cli_jobs} "
        f"take {cli_round:.0f} s, so jobs that ended before their first answer need 1. **Quota used**: accepted "
        "÷ (burst + rate × wall time), the most the account could have had accepted during the run.",
        "**Release latency**: per job, from its end to the first DescribePackageImportJob answer that reported "
        "it done, both on the emulator's clock (`GET /_emulator/releases`), so neither client start-up nor a "
        "client clock enters. **The reference** is a perfect round-robin at the quota: one scheduler for the "
        "whole account spending exactly the quota (burst at once, then the rate) from the start of the runs, "
        "each call on the unfinished job polled longest ago. With N jobs pending it sees each within N ÷ rate "
        "seconds, the best worst case a schedule that does not know the lengths can promise within the quota; "
        "it is not run but computed from the run's own job ends.",
        f"The last stacks row runs the default mode again with every gate's `poll_min_delay_seconds` and "
        f"`poll_max_delay_seconds` at its share of the quota, gates ÷ rate = {scenario.gates / scenario.rate:.3g} s "
        '(README, "Poll settings for many gates").',
        "**CPU**: the core-seconds of the run's own processes (every `pulumi`, language host, program, provider "
        "and the CLI, plus the emulator) over its wall time, and the whole machine's busy share sampled each "
        "second (other work on the machine shows there). Release latency is measured where the answer is sent, "
        "so a client slowed by a busy CPU shows up in it as lateness.",
        *(f"- {line}" for line in failure_summary(outcomes)),
    ]
    return figure


def reference_rows(outcomes: list[Outcome]) -> list[tuple[str, ...]]:
    """One reference row per kind of run (the job lengths are the same in every mode)."""
    rows: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for outcome in outcomes:
        if outcome.what not in seen:
            seen.add(outcome.what)
            rows.append(outcome.reference_row())
    return rows


def bench_env() -> dict[str, str]:
    """The environment `make bench` gives every tool: fake credentials, no profile, no endpoint override."""
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "AKIABENCHBENCHBENCH0",
        "AWS_SECRET_ACCESS_KEY": "bench-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_PANORAMA", "AWS_RETRY_MODE"):
        env.pop(key, None)
    return env


def pulumi_cli() -> Path:
    found = subprocess.run(["bash", str(ROOT / "scripts" / "pulumi-cli.sh")], check=True, capture_output=True,
                           text=True)  # fmt: skip
    return Path(found.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the small scenario (4 stacks × 5 gates, 60 CLI jobs)")
    parser.add_argument("--modes", default=",".join(RETRY_MODES), help="retry modes to run (default: both)")
    args = parser.parse_args(argv)
    scenario = QUICK if args.quick else FULL
    started = time.monotonic()
    outcomes = run_scenario(scenario, bench_env(), pulumi_cli(), [m for m in args.modes.split(",") if m])
    print(f"\n{scenario.label()}; {time.monotonic() - started:.0f} s in all\n")
    print(markdown(outcomes))
    for line in failure_summary(outcomes):
        print(f"- {line}")
    # `standard` is expected to lose gates (that is the comparison); the exit code is the default mode's.
    return 0 if all(not o.failures for o in outcomes if o.retry_mode == DEFAULT_RETRY_MODE) else 1


if __name__ == "__main__":
    sys.exit(main())
