"""The five figures (P1-P5), each measured side by side with its anchors."""

from __future__ import annotations

import math
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import boto3

from bench.sdk_figures import LANGUAGES, artifact_builds, sdk_samples
from bench.stats import Sample, ratio, repeat, wall
from emulator.testing import EmulatorProcess

ROOT = Path(__file__).resolve().parent.parent
ANCHORS = ROOT / "bench" / "anchors"
PY = str(ROOT / ".venv" / "bin" / "python")


@dataclass
class Figure:
    """One row group of the report."""

    name: str
    rows: list[tuple[str, ...]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)

    def goal(self, text: str, met: bool) -> None:
        self.verdicts.append(f"{'met' if met else 'MISSED'}: {text}")


@dataclass
class Env:
    """Where the anchors live and the environment every tool runs with."""

    aws_bin: Path
    pulumi_bin: Path
    vars: dict[str, str]

    def with_aws(self) -> dict[str, str]:
        return {**self.vars, "PATH": f"{self.aws_bin}{os.pathsep}{self.vars['PATH']}"}


def _describe_calls(emulator: EmulatorProcess) -> int:
    return int(emulator.counters()["requests"].get("DescribePackageImportJob", 0))


# -- P1 -------------------------------------------------------------------------------------
def p1_single_check(env: Env, runs: int) -> Figure:
    figure = Figure("P1: one already-SUCCEEDED job, whole process")
    with EmulatorProcess() as emulator:
        job = emulator.seed_job()
        url = emulator.url
        commands = {
            "`python -m components describe`": [PY, "-m", "components", "describe", job, "--endpoint-url", url],
            "`python -m components wait`": [PY, "-m", "components", "wait", job, "--endpoint-url", url],
            "aws CLI 1.45.37 `describe-package-import-job`": [
                str(env.aws_bin / "aws"),
                "panorama",
                "describe-package-import-job",
                "--job-id",
                job,
                "--endpoint-url",
                url,
            ],
            "bare boto3 script (floor)": [PY, str(ANCHORS / "bare_describe.py"), job, url],
        }
        for command in commands.values():  # warm the page cache once
            subprocess.run(command, check=True, capture_output=True, env=env.vars, cwd=ROOT)
        samples = {
            name: repeat(runs, lambda c=command: wall(c, env=env.vars, cwd=ROOT)) for name, command in commands.items()
        }
    aws, floor = samples["aws CLI 1.45.37 `describe-package-import-job`"], samples["bare boto3 script (floor)"]
    for name, sample in samples.items():
        figure.rows.append((name, sample.cell(), ratio(sample, aws), ratio(sample, floor)))
    for name in ("`python -m components describe`", "`python -m components wait`"):
        figure.goal(f"{name} ≤ 0.75× aws CLI ({ratio(samples[name], aws)})", samples[name].median <= 0.75 * aws.median)
        figure.goal(
            f"{name} ≤ 1.15× floor ({ratio(samples[name], floor)})", samples[name].median <= 1.15 * floor.median
        )
    return figure


# -- P2 -------------------------------------------------------------------------------------
#: Release 0.1, whose wait restarted its backoff at 0.5 s whenever a wait began.
PREVIOUS_RELEASE = "94c31d106c5c8931543c6b312e3d4dd5013ef949"


def previous_release() -> Path:
    """Release 0.1's `components/`, extracted once from this repository's history into .bench/."""
    target = ROOT / ".bench" / f"release-{PREVIOUS_RELEASE[:12]}"
    if not (target / "components").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", PREVIOUS_RELEASE, "components"],
            check=True,
            capture_output=True,
        )
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


OURS = "ours: `python -m components wait`"
OURS_BEFORE = "ours, release 0.1 (backoff restarts at 0.5 s)"
FIXED = "fixed 5 s polling (boto3)"
WAITERS: dict[str, Callable[[Env, str, str], list[str]]] = {
    OURS: lambda env, job, url: [PY, "-m", "components", "wait", job, "--endpoint-url", url],
    OURS_BEFORE: lambda env, job, url: [
        PY,
        "-c",
        f"import sys; sys.path.insert(0, {str(previous_release())!r}); from components.cli.main import main; main()",
        "wait",
        job,
        "--endpoint-url",
        url,
    ],
    "botocore WaiterModel (5 s delay)": lambda env, job, url: [PY, str(ANCHORS / "waiter.py"), job, url],
    FIXED: lambda env, job, url: [PY, str(ANCHORS / "fixed_poll.py"), job, url],
    "aws CLI shell loop (sleep 5)": lambda env, job, url: ["bash", str(ANCHORS / "aws_loop.sh"), job, url],
}


def fewest_polls(length: float, age: float = 0.0) -> float:
    """The fewest polls any schedule needs between a job's age ``age`` and its end at ``length`` while
    keeping the promise "completion seen within 10 % of the run time + 0.5 s".

    Still PENDING at age t, the job runs at least t, so the next poll may wait at most 0.1·t + 0.5:
    t' = 1.1·t + 0.5, i.e. ln((0.1·T + 0.5)/(0.1·a + 0.5)) / ln 1.1 polls, plus the first one.
    """
    return math.log((0.1 * length + 0.5) / (0.1 * age + 0.5)) / math.log(1.1) + 1


def _release_round(
    env: Env, emulators: dict[str, EmulatorProcess], duration: float, age: float
) -> dict[str, tuple[float, int]]:
    """Start every tool on its own emulator against a job lasting `duration` (begun `age` s ago);
    return each tool's release latency and DescribePackageImportJob calls."""
    jobs = {name: emulator.seed_job(duration=duration, age=age) for name, emulator in emulators.items()}
    before = {name: _describe_calls(emulator) for name, emulator in emulators.items()}
    results: dict[str, tuple[float, int]] = {}

    def run(name: str) -> None:
        emulator = emulators[name]
        subprocess.run(
            WAITERS[name](env, jobs[name], emulator.url), check=True, capture_output=True, env=env.with_aws(), cwd=ROOT
        )
        returned = time.time()
        client = boto3.client("panorama", endpoint_url=emulator.url)
        finished = client.describe_package_import_job(JobId=jobs[name])["LastUpdatedTime"].timestamp()
        results[name] = (returned - finished, _describe_calls(emulator) - before[name] - 1)

    threads = [threading.Thread(target=run, args=(name,)) for name in emulators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _mean_worst(values: list[float], unit: str = "s", digits: int = 2) -> str:
    return f"{statistics.fmean(values):.{digits}f} {unit} (worst {max(values):.{digits}f}, n={len(values)})"


@dataclass(frozen=True)
class Scenario:
    """One P2 row group: a job of `length` seconds that began `age` seconds before the wait."""

    label: str
    length: float
    runs: int
    tools: tuple[str, ...]
    age: float = 0.0


def p2_scenarios(quick: bool) -> list[Scenario]:
    # Lengths off the fixed pollers' 5 s grid, so their latency is not flattered by the phase.
    fresh = (OURS, "botocore WaiterModel (5 s delay)", FIXED, "aws CLI shell loop (sleep 5)")
    plan = [(2.3, 2 if quick else 5), (11.7, 1 if quick else 3)] + ([] if quick else [(61.3, 2)])
    scenarios = [Scenario(f"T = {t} s", t, runs, fresh) for t, runs in plan]
    if not quick:
        adopted = (OURS, OURS_BEFORE, FIXED)
        scenarios.append(Scenario("adopted: PENDING for 120 s, ends at 180 s", 180.0, 2, adopted, age=120.0))
    return scenarios


def p2_release_latency(env: Env, scenarios: list[Scenario]) -> Figure:
    figure = Figure("P2: release latency (job completion → gate returns) and DescribePackageImportJob calls")
    emulators = {name: EmulatorProcess().start() for name in WAITERS}
    try:
        for scenario in scenarios:
            tools = {name: emulators[name] for name in scenario.tools}
            rounds = [_release_round(env, tools, scenario.length, scenario.age) for _ in range(scenario.runs)]
            latency = {n: [r[n][0] for r in rounds] for n in tools}
            calls = {n: [float(r[n][1]) for r in rounds] for n in tools}
            needed = fewest_polls(scenario.length, scenario.age)
            for name in tools:
                figure.rows.append(
                    (
                        scenario.label,
                        name,
                        _mean_worst(latency[name]),
                        _mean_worst(calls[name], "calls", 1),
                        f"{statistics.fmean(calls[name]) / needed:.2f}×",
                    )
                )
            bound = 0.1 * scenario.length + 0.5
            worst = max(latency[OURS])
            figure.goal(f"{scenario.label}: worst latency ≤ {bound:.2f} s ({worst:.2f} s)", worst <= bound)
            mean_calls = statistics.fmean(calls[OURS])
            if scenario.age:
                # An old job reaches the 10 s cap at once, so the comparison that matters is with the
                # fixed poller a pipeline would otherwise use, and with release 0.1.
                fixed = statistics.fmean(calls[FIXED])
                figure.goal(
                    f"{scenario.label}: calls ≤ 5 s polling's ({mean_calls:.1f} vs {fixed:.1f})", mean_calls <= fixed
                )
            else:
                figure.goal(
                    f"{scenario.label}: calls ≤ 1.15× the fewest that keep the promise "
                    f"({mean_calls:.1f} vs {needed:.1f}: {mean_calls / needed:.2f}×)",
                    mean_calls <= 1.15 * needed,
                )
    finally:
        for emulator in emulators.values():
            emulator.stop()
    figure.notes.append(
        'The promise is: completion seen within 10 % of the job\'s run time + 0.5 s. "Fewest" is the '
        "fewest polls any schedule needs to keep it, ln((0.1·T + 0.5)/(0.1·a + 0.5)) / ln 1.1 + 1 for a job "
        "of length T watched from age a: a job still PENDING at age t runs at least t, so the next poll "
        "may wait at most 0.1·t + 0.5. The earlier goal (at most ⅓ of 5 s polling's calls at T = 60 s) "
        "contradicted the latency goal (it allows 4 polls by 60 s) and is dropped. Our wait polls at the "
        "pace of the job's age (from its CreatedTime and the response's Date header, both the service's "
        "clock) with up to 10 % jitter and a 10 s cap; release 0.1 restarted at 0.5 s whenever a wait began. "
        "The cap trades calls for latency on long jobs: past an age of about 95 s the promise would allow "
        "delays over 10 s, so for the adopted job (and any job longer than ~100 s) we poll more often than "
        "the fewest (one call per 10 s) and release it within 10 s instead of up to 0.1·T + 0.5."
    )
    return figure


# -- P3 -------------------------------------------------------------------------------------
def p3_fan_out(env: Env, sizes: tuple[int, ...], runs: int) -> Figure:
    figure = Figure("P3: fan-out over N SUCCEEDED jobs, 50 ms latency injected")
    with EmulatorProcess("--latency-ms", "50") as emulator:
        for size in sizes:
            jobs = [emulator.seed_job() for _ in range(size)]
            ours = repeat(
                runs,
                lambda j=jobs: wall(
                    [PY, "-m", "components", "wait", *j, "--endpoint-url", emulator.url], env=env.vars, cwd=ROOT
                ),
            )
            loop = repeat(
                1,
                lambda j=jobs: wall(
                    ["bash", str(ANCHORS / "aws_sequential.sh"), emulator.url, *j], env=env.with_aws(), cwd=ROOT
                ),
            )
            speedup = loop.median / ours.median
            figure.rows.append((f"N = {size}", ours.cell(), loop.cell(), f"{speedup:.0f}× faster"))
            if size == max(sizes):
                figure.goal(f"N={size}: ≥ 60× faster than the sequential aws CLI loop ({speedup:.0f}×)", speedup >= 60)
    return figure


# -- P4 -------------------------------------------------------------------------------------
def pulumi_up(env: Env, program: str, config: dict[str, str], components: Path = ROOT / "components") -> float:
    """Seconds for `pulumi up --skip-preview` of a new stack of `bench/programs/<program>`, with the gate's
    package copied from ``components`` (another checkout's, to compare releases)."""
    with tempfile.TemporaryDirectory(prefix="gate-bench-") as tmp:
        work = Path(tmp) / "project"
        shutil.copytree(ROOT / "bench" / "programs" / program, work)
        shutil.copytree(components, work / "components", ignore=shutil.ignore_patterns("__pycache__"))
        # Byte-compile first, as `pip install` does for the wheel and any second run would find:
        # the figure is the steady state, not Python compiling the sources once.
        subprocess.run([PY, "-m", "compileall", "-q", str(work)], check=True)
        (work / ".venv").symlink_to(ROOT / ".venv")
        (Path(tmp) / "backend").mkdir()
        pulumi_env = {
            **env.vars,
            "PATH": f"{env.pulumi_bin}{os.pathsep}{ROOT / '.venv' / 'bin'}{os.pathsep}{env.vars['PATH']}",
            "PULUMI_BACKEND_URL": f"file://{tmp}/backend",
            "PULUMI_HOME": f"{tmp}/home",
            "PULUMI_CONFIG_PASSPHRASE": "bench",
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        }
        subprocess.run(["pulumi", "stack", "init", "bench"], check=True, capture_output=True, env=pulumi_env, cwd=work)
        for key, value in config.items():
            subprocess.run(
                ["pulumi", "config", "set", key, value], check=True, capture_output=True, env=pulumi_env, cwd=work
            )
        return wall(["pulumi", "up", "--yes", "--skip-preview", "--non-interactive"], env=pulumi_env, cwd=work)


def p4_stacks(emulator: EmulatorProcess) -> dict[str, Callable[[Env], float]]:
    """The P4 stacks: the empty floor, the no-op dynamic-resource floor, and the gate, at 1 and 50."""

    def gates(count: int) -> Callable[[Env], float]:
        return lambda env: pulumi_up(
            env,
            "fanout",
            {"endpointUrl": emulator.url, "jobIds": ",".join(emulator.seed_job() for _ in range(count))},
        )

    def describes(count: int) -> Callable[[Env], float]:
        return lambda env: pulumi_up(
            env,
            "botofloor",
            {"endpointUrl": emulator.url, "jobIds": ",".join(emulator.seed_job() for _ in range(count))},
        )

    return {
        "empty stack": lambda env: pulumi_up(env, "fanout", {"endpointUrl": emulator.url}),
        "1 no-op dynamic resource (floor)": lambda env: pulumi_up(env, "noop", {"count": "1"}),
        "1 botocore describe (botocore floor)": describes(1),
        "1 PackageImportJob": gates(1),
        "50 no-op dynamic resources": lambda env: pulumi_up(env, "noop", {"count": "50"}),
        "50 botocore describes": describes(50),
        "50 PackageImportJobs": gates(50),
    }


def p4_pulumi_up(env: Env, runs: int) -> Figure:
    figure = Figure("P4: real `pulumi up --skip-preview` (new stack each run)")
    with EmulatorProcess() as emulator:
        stacks = p4_stacks(emulator)
        stacks["empty stack"](env)  # warm-up
        samples = {name: repeat(runs, lambda run=run: run(env)) for name, run in stacks.items()}
    floor, one = samples["1 no-op dynamic resource (floor)"], samples["1 PackageImportJob"]
    boto = samples["1 botocore describe (botocore floor)"]
    fifty = samples["50 PackageImportJobs"]
    figure.rows += [(name, s.cell(), ratio(s, floor), ratio(s, boto), ratio(s, one)) for name, s in samples.items()]
    figure.goal(f"1 gate ≤ 1.05× the botocore floor ({ratio(one, boto)})", one.median <= 1.05 * boto.median)
    figure.goal(f"50 gates ≤ 1.5× one gate ({ratio(fifty, one)})", fifty.median <= 1.5 * one.median)
    profile = _p4_profile(env, runs=5)
    figure.notes.append(
        "The no-op floor is a stack with one dynamic resource whose `create` returns at once "
        "(`bench/programs/noop`): it pays the engine's `pulumi-resource-pulumi-python` start-up like the "
        "gate and nothing else. The botocore floor (`bench/programs/botofloor`) also imports botocore, builds "
        "a Panorama client and makes one DescribePackageImportJob call in its `create`: the least a gate "
        f"built on botocore can do. The gate's own cost is {one.median - boto.median:.2f} s on top of it. "
        "Where it goes (medians of 5 fresh interpreters): "
        + "; ".join(f"{name} {value:.3f} s" for name, value in profile.items())
        + ". The program process no longer imports botocore; the provider process must, for the describe "
        "call. Loading it on a background thread from `configure` was tried and measured no gain (the "
        "engine sends the first create right after the first check, so nothing overlaps), and was removed. "
        "Programs are byte-compiled before timing, as `pip install` does and any second run finds."
    )
    return figure


def _p4_profile(env: Env, runs: int) -> dict[str, float]:
    """Import and set-up costs of the two processes a gate adds work to."""

    def cost(code: str) -> float:
        return repeat(runs, lambda: wall([PY, "-c", code], env=env.vars, cwd=ROOT)).median

    base = cost("import pulumi, pulumi.dynamic")
    return {
        "program process, `from components import PackageImportJob`": cost(
            "import pulumi, pulumi.dynamic; from components import PackageImportJob"
        )
        - base,
        "provider process, botocore import + the first Panorama client": cost(
            "from components.core.client import ClientSettings, make_client; "
            "make_client(ClientSettings(region='us-east-1', endpoint_url='http://127.0.0.1:9'))"
        )
        - cost("pass"),
    }


# -- P5 -------------------------------------------------------------------------------------
def _cold_start(env: Env, emulator: EmulatorProcess, plugin: bool = False) -> tuple[float, float]:
    """Seconds from spawning a provider to its first Read answered, and its peak RSS (MB).

    The dynamic provider is `python -m pulumi.dynamic`; the plugin is what the installed
    `pulumi-resource-panorama-import-gate` script runs (an unreachable engine address: progress is best effort).
    """
    import grpc
    from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

    from tests.contract.support import URN, inputs, to_struct

    job = emulator.seed_job()
    if plugin:
        command = [PY, "-u", "-m", "components.plugin", "127.0.0.1:9"]
        state = {"jobId": job, "endpointUrl": emulator.url, "inputs": {"job_id": job, "region": "us-east-1"}}
        request = provider_pb2.ReadRequest(id=job, urn=PLUGIN_URN, properties=to_struct(state))
        configure = provider_pb2.ConfigureRequest(variables={"panorama-import-gate:region": "us-east-1"})
    else:
        command = [PY, "-u", "-m", "pulumi.dynamic"]
        request = provider_pb2.ReadRequest(id=job, urn=URN, properties=to_struct(inputs(emulator, job_id=job)))
        configure = provider_pb2.ConfigureRequest(args=to_struct({}))
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, env=env.vars, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            stub.Configure(configure, wait_for_ready=True)
            stub.Read(request)
        elapsed = time.perf_counter() - started
        status = Path(f"/proc/{proc.pid}/status").read_text()
        peak = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024
        return elapsed, peak
    finally:
        proc.terminate()
        proc.wait()


PLUGIN_URN = "urn:pulumi:bench::yaml-bench::panorama-import-gate:index:PackageImportJob::gate"


def p5_cold_start(env: Env, runs: int) -> Figure:
    figure = Figure("P5: provider cold start (spawn → first Read answered) and peak RSS")
    with EmulatorProcess() as emulator:
        _cold_start(env, emulator)
        measured = [_cold_start(env, emulator) for _ in range(runs)]
        _cold_start(env, emulator, plugin=True)
        plugin = [_cold_start(env, emulator, plugin=True) for _ in range(runs)]
    start = Sample(tuple(m[0] for m in measured))
    rss = Sample(tuple(m[1] for m in measured))
    plugin_start = Sample(tuple(m[0] for m in plugin))
    plugin_rss = Sample(tuple(m[1] for m in plugin))
    anchor_code = 'import boto3; boto3.client("panorama")'
    anchor = repeat(runs, lambda: wall([PY, "-c", anchor_code], env=env.vars, cwd=ROOT))
    figure.rows += [
        ("provider: `python -m pulumi.dynamic` → Read", start.cell(), ratio(start, anchor)),
        (f"anchor: `python -c '{anchor_code}'`", anchor.cell(), "1.00×"),
        ("provider peak RSS (VmHWM)", rss.cell("MB", 0), ""),
        ("plugin: `pulumi-resource-panorama-import-gate` → Read", plugin_start.cell(), ratio(plugin_start, anchor)),
        ("plugin peak RSS (VmHWM)", plugin_rss.cell("MB", 0), ""),
    ]
    figure.goal(f"cold start ≤ 1.5× the anchor ({ratio(start, anchor)})", start.median <= 1.5 * anchor.median)
    figure.goal(f"peak RSS ≤ 100 MB ({rss.median:.0f} MB)", rss.median <= 100)
    return figure


# -- P6 -------------------------------------------------------------------------------------
def yaml_program(
    job_ids: list[str], endpoint: str, name: str = "yaml-bench", properties: dict[str, str] | None = None
) -> str:
    """A Pulumi YAML program with one gate per job (YAML has no loops); ``properties`` go on every gate."""
    lines = [f"name: {name}", "runtime: yaml", "resources:" if job_ids else "resources: {}"]
    for index, job_id in enumerate(job_ids):
        lines += [
            f"  gate-{index}:",
            "    type: panorama-import-gate:index:PackageImportJob",
            "    properties:",
            f"      jobId: {job_id}",
            f"      endpointUrl: {endpoint}",
            *(f"      {key}: {value}" for key, value in (properties or {}).items()),
        ]
    return "\n".join(lines) + "\n"


def _pulumi_up_yaml(env: Env, home: Path, job_ids: list[str], endpoint: str) -> float:
    """Seconds for `pulumi up --skip-preview` of a new YAML stack with one gate per job."""
    with tempfile.TemporaryDirectory(prefix="gate-bench-yaml-") as tmp:
        work = Path(tmp) / "project"
        work.mkdir()
        (work / "Pulumi.yaml").write_text(yaml_program(job_ids, endpoint))
        (Path(tmp) / "backend").mkdir()
        pulumi_env = _yaml_env(env, home, f"file://{tmp}/backend")
        subprocess.run(["pulumi", "stack", "init", "bench"], check=True, capture_output=True, env=pulumi_env, cwd=work)
        return wall(["pulumi", "up", "--yes", "--skip-preview", "--non-interactive"], env=pulumi_env, cwd=work)


def _yaml_env(env: Env, home: Path, backend: str) -> dict[str, str]:
    return {
        **env.vars,
        "PATH": f"{env.pulumi_bin}{os.pathsep}{env.vars['PATH']}",
        "PULUMI_BACKEND_URL": backend,
        "PULUMI_HOME": str(home),
        "PULUMI_CONFIG_PASSPHRASE": "bench",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
    }


def _cancel_delay(env: Env, home: Path, emulator: EmulatorProcess) -> float:
    """Seconds from one SIGINT to `pulumi up` (waiting on a PENDING job through the plugin) to its exit."""
    job = emulator.seed_job(duration=3600)
    with tempfile.TemporaryDirectory(prefix="gate-bench-cancel-") as tmp:
        work = Path(tmp) / "project"
        work.mkdir()
        (work / "Pulumi.yaml").write_text(yaml_program([job], emulator.url))
        (Path(tmp) / "backend").mkdir()
        pulumi_env = _yaml_env(env, home, f"file://{tmp}/backend")
        subprocess.run(["pulumi", "stack", "init", "bench"], check=True, capture_output=True, env=pulumi_env, cwd=work)
        before = emulator.counters()["requests"].get("DescribePackageImportJob", 0)
        proc = subprocess.Popen(
            ["pulumi", "up", "--yes", "--skip-preview", "--non-interactive"],
            env=pulumi_env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while emulator.counters()["requests"].get("DescribePackageImportJob", 0) < before + 2:
            assert time.monotonic() < deadline, "pulumi up never started waiting"
            time.sleep(0.05)
        signalled = time.perf_counter()
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=120)
        return time.perf_counter() - signalled


def _language_rows(figure: Figure, languages: dict[str, Sample], empty: Sample) -> None:
    """Each SDK language's 1- and 50-gate rows and its goal."""
    for title in LANGUAGES.values():
        lang_one, lang_fifty = languages[f"{title}, 1 gate"], languages[f"{title}, 50 gates"]
        figure.rows.append((f"{title} program, 1 gate", lang_one.cell(), ratio(lang_one, empty), "1.00×"))
        figure.rows.append((f"{title} program, 50 gates", lang_fifty.cell(), ratio(lang_fifty, empty),
                            ratio(lang_fifty, lang_one)))  # fmt: skip
        figure.goal(
            f"{title}: 50 gates ≤ 1.5× one gate ({ratio(lang_fifty, lang_one)})",
            lang_fifty.median <= 1.5 * lang_one.median,
        )


def p6_yaml_up(env: Env, runs: int) -> Figure:
    figure = Figure("P6: `pulumi up --skip-preview` from Pulumi YAML through the provider plugin (new stack each run)")
    with tempfile.TemporaryDirectory(prefix="gate-bench-home-") as home, EmulatorProcess() as emulator:
        installed = subprocess.run(
            [PY, "-m", "components", "install-plugin"], env=_yaml_env(env, Path(home), "file://" + home),
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert installed.returncode == 0, installed.stderr

        def up(count: int, pending: float = 0.0) -> float:
            jobs = [emulator.seed_job(duration=pending) for _ in range(count)]
            return _pulumi_up_yaml(env, Path(home), jobs, emulator.url)

        up(0)  # warm-up
        samples = {
            "empty YAML stack": repeat(runs, lambda: up(0)),
            "1 gate": repeat(runs, lambda: up(1)),
            "50 gates": repeat(runs, lambda: up(50)),
            "1 gate, job PENDING for 3 s": repeat(runs, lambda: up(1, 3.0)),
            "50 gates, jobs PENDING for 3 s": repeat(runs, lambda: up(50, 3.0)),
        }
        cancel = repeat(runs, lambda: _cancel_delay(env, Path(home), emulator))
        languages = sdk_samples(
            _yaml_env(env, Path(home), "file://" + home), env.pulumi_bin.parent, Path(home), emulator, runs
        )
    empty, one, fifty = samples["empty YAML stack"], samples["1 gate"], samples["50 gates"]
    slow_one, slow_fifty = samples["1 gate, job PENDING for 3 s"], samples["50 gates, jobs PENDING for 3 s"]
    figure.rows += [(name, s.cell(), ratio(s, empty), ratio(s, one)) for name, s in samples.items()]
    figure.rows.append(("one Ctrl-C while waiting → `pulumi up` exits", cancel.cell(), "", ""))
    _language_rows(figure, languages, empty)
    figure.goal(f"50 gates ≤ 1.5× one gate ({ratio(fifty, one)})", fifty.median <= 1.5 * one.median)
    figure.goal(
        f"50 PENDING gates wait concurrently: ≤ 1.5× one PENDING gate ({ratio(slow_fifty, slow_one)})",
        slow_fifty.median <= 1.5 * slow_one.median,
    )
    figure.goal(
        f"cancellation ≤ 2 s ({cancel.median:.2f} s, worst {max(cancel.values):.2f} s)", max(cancel.values) <= 2
    )
    figure.notes.append(
        "The plugin starts once per `pulumi up` (a Python process with grpc, the SDK and botocore) and serves "
        "every gate of the stack concurrently (one thread per waiting gate, up to 256); one gate costs "
        f"{one.median - empty.median:.2f} s over an empty YAML stack, which already pays the YAML language host. "
        "The cancellation row is from SIGINT to the exit of `pulumi up`, on a job that stays PENDING. "
        "The TypeScript, Go and Python (SDK) rows run the e2e drivers (tests/e2e/sdks) as Automation API "
        "inline programs on the generated SDKs, timing `up` as the driver sees it (no language host; the "
        "ratio to the empty YAML stack compares with a stack that pays the YAML host)."
    )
    figure.notes.append(
        "Building what users install (`scripts/sdks.sh build`, caches warm): "
        + "; ".join(f"{what} {took}" for what, took in artifact_builds())
        + ". Cold (empty npm and Go build caches), the Go build of sdk/v3 dominates; see the closing notes."
    )
    return figure
