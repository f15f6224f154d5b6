"""A real S3-compatible Pulumi state backend (SeaweedFS's `weed mini`) and "runners" logged in to it.

A runner is what one CI machine is to a pipeline: its own `PULUMI_HOME` (logged in with `pulumi
login s3://…`), its own work folder (a copy of the program, as a checkout would be), the same
passphrase. Several runners on one bucket share stacks, stack references and Pulumi's locks, and
nothing else.

`weed` comes from `make seaweedfs` (`scripts/seaweedfs.sh --find`, or SEAWEEDFS_WEED=<path>). Without
it the tests skip and say how to get it; with E2E_REQUIRED=1 (CI) that is a failure instead.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import boto3
import pytest
from botocore.config import Config

from emulator.testing import EmulatorProcess
from tests.conftest import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, REGION, ROOT
from tests.e2e.conftest import PASSPHRASE, PROGRAMS, Stack, find_tool, required
from tests.support import free_port, wait_until

#: Silences the AWS SDK's "WARN Response has no supported checksum" on each state read (SeaweedFS sends
#: no checksum headers); the SDK's documented setting, checked by test_s3_backend.
CHECKSUM_SETTING = {"AWS_RESPONSE_CHECKSUM_VALIDATION": "when_required"}
LOCK_PREFIX = ".pulumi/locks/"


@dataclass
class SeaweedFS:
    """One `weed mini` (master, volume, filer and S3 gateway) on ports of its own, bound to 127.0.0.1."""

    process: subprocess.Popen[bytes]
    s3_port: int
    data_dir: Path
    log_path: Path
    start_seconds: float
    buckets: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.s3_port}"

    def client(self) -> Any:
        config = Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=10)
        return boto3.client(
            "s3", endpoint_url=self.endpoint, region_name=REGION, config=config,
            aws_access_key_id=FAKE_ACCESS_KEY, aws_secret_access_key=FAKE_SECRET_KEY,
        )  # fmt: skip

    def new_bucket(self, prefix: str = "state") -> str:
        name = f"{prefix}-{next(self.buckets)}"
        self.client().create_bucket(Bucket=name)
        return name

    def backend_url(self, bucket: str) -> str:
        """What `pulumi login` takes for this bucket (Pulumi's DIY backend on an S3-compatible server)."""
        return f"s3://{bucket}?endpoint=127.0.0.1:{self.s3_port}&disableSSL=true&s3ForcePathStyle=true&region={REGION}"

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        page = self.client().list_objects_v2(Bucket=bucket, Prefix=prefix)
        return sorted(item["Key"] for item in page.get("Contents") or [])

    def locks(self, bucket: str) -> list[str]:
        """The lock files Pulumi holds in the bucket (`.pulumi/locks/<org>/<project>/<stack>/<id>.json`)."""
        return self.keys(bucket, LOCK_PREFIX)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not exited 10 s later."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def free_ports(names: Sequence[str]) -> dict[str, int]:
    ports: set[int] = set()
    while len(ports) < len(names):
        ports.add(free_port())
    return dict(zip(names, sorted(ports), strict=True))


def start_seaweedfs(weed: Path, data_dir: Path, deadline_seconds: float = 90) -> SeaweedFS:
    """Start `weed mini` with every port it opens chosen here (so several can run at once) and wait
    until `create_bucket` works.

    `weed mini` makes the access key in its own environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)
    its admin identity and then refuses any other (with none, it accepts every key). It is given the
    tests' fake key, which the runners use too.
    """
    ports = free_ports(
        ("master", "master.grpc", "volume", "volume.grpc", "filer", "filer.grpc", "s3", "s3.grpc",
         "webdav", "admin", "admin.grpc")
    )  # fmt: skip
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir.parent / f"{data_dir.name}.log"
    command = [
        str(weed), "mini", f"-dir={data_dir}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        f"-master.port={ports['master']}", f"-master.port.grpc={ports['master.grpc']}",
        f"-volume.port={ports['volume']}", f"-volume.port.grpc={ports['volume.grpc']}",
        f"-filer.port={ports['filer']}", f"-filer.port.grpc={ports['filer.grpc']}",
        f"-s3.port={ports['s3']}", f"-s3.port.grpc={ports['s3.grpc']}",
        "-s3.port.iceberg=0", "-s3.port.lance=0",  # 0 turns these listeners off
        f"-webdav.port={ports['webdav']}", "-webdav=false",
        f"-admin.port={ports['admin']}", f"-admin.port.grpc={ports['admin.grpc']}", "-admin.port.legacy=0",
        "-admin.ui=false", "-master.telemetry=false",
    ]  # fmt: skip
    started = time.monotonic()
    with log_path.open("wb") as log:
        env = {**os.environ, "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_KEY}
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    server = SeaweedFS(process, ports["s3"], data_dir, log_path, 0.0)

    def answers() -> bool:
        assert process.poll() is None, f"weed mini exited ({process.returncode}):\n{log_path.read_text()[-4000:]}"
        try:
            server.client().create_bucket(Bucket="ready")
        except Exception:  # not up yet: refused connections, 5xx while the filer starts
            return False
        return True

    try:
        wait_until(answers, deadline_seconds)
    except BaseException:
        server.stop()
        raise
    server.start_seconds = time.monotonic() - started
    return server


@pytest.fixture(scope="session")
def weed() -> Path:
    return required(
        find_tool("SEAWEEDFS_WEED", "seaweedfs.sh"),
        "no SeaweedFS `weed` found: run `make seaweedfs` (builds it with Go, about 9 minutes cold)",
    )


@pytest.fixture(scope="session")
def seaweedfs(weed: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedFS]:
    server = start_seaweedfs(weed, tmp_path_factory.mktemp("seaweedfs") / "data")
    print(f"\ns3: weed mini answered create_bucket {server.start_seconds:.1f}s after it started")
    try:
        yield server
    finally:
        server.stop()


# -- runners ----------------------------------------------------------------------------------


@dataclass
class Runner(Stack):
    """A stack as one runner sees it: its own PULUMI_HOME and work folder, the shared S3 backend."""

    runner: str = ""
    home: Path = Path()
    bucket: str = ""
    #: Every background run, shared by the test's runners: the fixture kills what is still running.
    started: list[subprocess.Popen[str]] = field(default_factory=list)

    def start(self, *args: str) -> subprocess.Popen[str]:
        """Start `pulumi <args>` in the background, in a session of its own (so it can be killed as a whole)."""
        process = subprocess.Popen(
            ["pulumi", *args, "--non-interactive", "--stack", self.name],
            cwd=self.workdir, env=self.env, text=True, start_new_session=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        self.started.append(process)
        return process

    def finish(self, process: subprocess.Popen[str], timeout: float = 180) -> subprocess.CompletedProcess[str]:
        stdout, stderr = process.communicate(timeout=timeout)
        command = " ".join(cast(list[str], process.args)[1:])
        self.log.append(f"$ pulumi {command}  [{self.runner}]\n{stdout}\n{stderr}")
        return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)

    def checkout_config_of(self, other: Runner) -> None:
        """Take the stack's settings file from another runner, as a checkout of the repository would."""
        settings = f"Pulumi.{self.name}.yaml"
        shutil.copy(other.workdir / settings, self.workdir / settings)


@pytest.fixture
def make_runner(
    pulumi_cli: Path, seaweedfs: SeaweedFS, emulator: EmulatorProcess, tmp_path: Path
) -> Iterator[Callable[..., Runner]]:
    """Runners on one bucket of their own per test."""
    bucket = seaweedfs.new_bucket()
    started: list[subprocess.Popen[str]] = []

    def make(
        runner: str,
        stack: str,
        program: str | None = None,
        extra_files: Sequence[Path] = (),
        init: bool = True,
    ) -> Runner:
        """A runner with `program` (this project when None) checked out; `init` creates the stack on
        the backend (once per stack: other runners take its settings with `checkout_config_of`)."""
        source = PROGRAMS / program if program else ROOT
        workdir = tmp_path / runner / (program or "project")
        workdir.mkdir(parents=True)
        for item in [source / "Pulumi.yaml", *source.glob("*.py"), *extra_files]:
            shutil.copy(item, workdir / item.name)
        shutil.copytree(ROOT / "components", workdir / "components", ignore=shutil.ignore_patterns("__pycache__"))
        (workdir / ".venv").symlink_to(ROOT / ".venv")
        home = tmp_path / runner / "pulumi-home"
        home.mkdir(exist_ok=True)
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("PULUMI_")}
        env = {
            **inherited,
            **CHECKSUM_SETTING,
            "PATH": f"{pulumi_cli}{os.pathsep}{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}",
            "PULUMI_HOME": str(home),
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "PULUMI_SKIP_CONFIRMATIONS": "true",
            "NO_COLOR": "1",
        }
        login = subprocess.run(
            ["pulumi", "login", seaweedfs.backend_url(bucket)],
            cwd=workdir, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert login.returncode == 0, login.stderr
        made = Runner(workdir, env, stack, runner=runner, home=home, bucket=bucket, started=started)
        if init:
            created = subprocess.run(
                ["pulumi", "stack", "init", stack, "--non-interactive"],
                cwd=workdir, env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            assert created.returncode == 0, created.stderr
            if "endpointUrl" in (workdir / "Pulumi.yaml").read_text():
                made.config(endpointUrl=emulator.url)
        return made

    yield make
    for process in started:  # a test that failed half-way leaves no `pulumi` or plugin behind
        if process.poll() is None:
            kill_runner(process)


# -- killing a runner -------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(stat.parent.name))
    return children


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    children, tree, queue = _children(), [], [pid]
    while queue:
        current = queue.pop()
        tree.append(current)
        queue.extend(children.get(current, []))
    return tree


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def describe_process(pid: int) -> str:
    """``pid``, its process group and command line, for the test's output."""
    with contextlib.suppress(OSError):
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        return f"pid {pid} (group {os.getpgid(pid)}): {command[:120]}"
    return f"pid {pid} (gone)"


def kill_runner(process: subprocess.Popen[str]) -> list[str]:
    """SIGKILL `pulumi` and every process it started, as a runner that dies would lose them; returns
    what was killed.

    Pulumi starts each plugin (language host, providers) in a process group of its own, so killing
    the `pulumi` process group alone would leave them running. The tree is frozen first (SIGSTOP), so
    nothing forks or is reparented between looking at it and killing it.
    """
    tree = process_tree(process.pid)
    for pid in tree:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGSTOP)
    tree = process_tree(process.pid)
    described = [describe_process(pid) for pid in tree]
    own_group = os.getpgid(0)
    groups = set()
    for pid in tree:
        with contextlib.suppress(ProcessLookupError):
            groups.add(os.getpgid(pid))
    for group in groups - {own_group}:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
    for pid in tree:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait(timeout=30)
    wait_until(lambda: not any(alive(pid) for pid in tree), 30)
    return described
