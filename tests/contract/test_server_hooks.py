"""The dynamic provider's server hooks (components/server_hooks.py) through Pulumi's own server
(`python -m pulumi.dynamic`): one Cancel ends every wait at once, and more gates wait at the same time
than the server's 4 worker threads. A server of its own: a Cancel ends every later wait in its process."""

from __future__ import annotations

import ast
import importlib.util
import re
import threading
import time
from pathlib import Path

import grpc
import pytest
from google.protobuf import empty_pb2
from pulumi.runtime.proto import provider_pb2

from components.core import table as p
from emulator.testing import EmulatorProcess
from tests.contract.support import URN, inputs, provider_server, to_struct
from tests.support import CANCEL_BOUND_SECONDS, HANG_GUARD_SECONDS, wait_until

pytestmark = pytest.mark.contract
GATES = 6  # more than the server's 4 worker threads
#: Seconds a Create may take after the Cancel before the test gives up on it (the whole test then ends
#: within about 10 s if the Cancel hook is undone).
CANCEL_GUARD = 8.0


def test_the_server_still_has_the_cancel_method_and_the_worker_pool_the_hooks_change() -> None:
    spec = importlib.util.find_spec("pulumi.dynamic.__main__")  # located, never executed
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text())
    servicer = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "DynamicResourceProviderServicer")
    assert any(isinstance(n, ast.FunctionDef) and n.name == "Cancel" for n in servicer.body)
    assert "futures.ThreadPoolExecutor(max_workers=4)" in ast.unparse(tree), "the server's pool changed"
    assert any("empty_pb2" in ast.unparse(n) for n in tree.body if isinstance(n, ast.ImportFrom))


def test_one_cancel_ends_more_waits_than_the_server_has_threads_at_once(
    aws_env: dict[str, str], emulator: EmulatorProcess
) -> None:
    job_ids = [emulator.seed_job(duration=3600) for _ in range(GATES)]
    errors: list[str] = []
    with provider_server("-m", "pulumi.dynamic", env={"PULUMI_PROJECT": "panorama-import-gate"}) as stub:
        stub.Configure(provider_pb2.ConfigureRequest(args=to_struct({"aws:region": "us-east-1"})))
        # As the engine does, every gate is checked before any is created; the first check configures
        # the provider, which hooks the server.
        for job_id in job_ids:
            stub.Check(provider_pb2.CheckRequest(urn=URN, news=to_struct(inputs(emulator, **{p.JOB_ID: job_id}))))

        def gate(job_id: str) -> None:
            props = inputs(emulator, **{p.JOB_ID: job_id, p.POLL_MIN_DELAY: 60, p.POLL_MAX_DELAY: 60})
            try:
                # Far beyond a cancelled wait (0.01 s), but a wait the Cancel does not end fails the test in
                # seconds, not after the job's hour or a two-minute RPC deadline.
                stub.Create(provider_pb2.CreateRequest(urn=URN, properties=to_struct(props)), timeout=CANCEL_GUARD)
            except grpc.RpcError as exc:
                errors.append(exc.details())

        before = emulator.counters()["requests"].get("DescribePackageImportJob", 0)
        threads = [threading.Thread(target=gate, args=(job_id,)) for job_id in job_ids]
        for thread in threads:
            thread.start()
        # Each gate polls once, then sleeps a minute: six first polls mean six waits at once.
        wait_until(lambda: emulator.counters()["requests"].get("DescribePackageImportJob", 0) >= before + GATES, 30)
        cancelled = time.monotonic()
        stub.Cancel(empty_pb2.Empty(), timeout=HANG_GUARD_SECONDS)
        for thread in threads:
            thread.join(max(0.0, cancelled + CANCEL_GUARD / 2 - time.monotonic()))
        elapsed = time.monotonic() - cancelled
    assert not any(thread.is_alive() for thread in threads), f"the waits outlived the Cancel by {elapsed:.1f}s"
    print(f"\n{GATES} waits ended {elapsed:.2f}s after Cancel")
    assert elapsed < CANCEL_BOUND_SECONDS
    assert len(errors) == GATES
    for job_id in job_ids:
        (error,) = [e for e in errors if job_id in e]
        assert re.fullmatch(
            rf"Cancelled after \d+s of waiting for package import job {job_id} \(last status PENDING\); the job "
            r"itself is unaffected: run the update again to resume waiting\.",
            error,
        ), error


def test_outside_the_provider_server_nothing_is_hooked(capsys: pytest.CaptureFixture[str]) -> None:
    from components.dynamic import server_hooks

    assert server_hooks.install() is False
    assert capsys.readouterr().err == ""
    assert not server_hooks.SESSION.cancel.is_set()


def test_a_server_without_the_hooks_is_reported_loudly(capsys: pytest.CaptureFixture[str]) -> None:
    import types

    from components.dynamic import server_hooks

    assert server_hooks.install(types.ModuleType("changed_server")) is False
    said = capsys.readouterr().err
    assert "Ctrl-C will not end a gate's wait" in said and "more than 4 gates of a stack wait in turns" in said
