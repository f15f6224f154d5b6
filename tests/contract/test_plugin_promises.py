"""Promises of the plugin that only its gRPC server shows, each pinned here so that undoing it fails a test
without the Pulumi CLI: secrets in refusals, the inputs a refresh keeps, `pulumi import` from an ID alone,
function reads in flight when a gate closes, and the warning a default `requireSucceeded` earns. The engine
the plugin talks to is a real gRPC Engine server of this test that records what it is told."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent import futures
from dataclasses import dataclass, field
from typing import Any

import grpc
import pytest
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc, provider_pb2

from emulator.testing import EmulatorProcess
from tests.contract.support import from_struct, provider_server, to_struct
from tests.support import HANG_GUARD_SECONDS, wait_until

pytestmark = pytest.mark.contract
URN = "urn:pulumi:contract::yaml-gate::panorama-import-gate:index:PackageImportJob::gate"
FUNCTION = "panorama-import-gate:index:getPackageImportJob"
#: How the plugin protocol marks a secret value.
SECRET_SIG = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"}
CREATE = {"inputS3Bucket": "b", "inputS3Key": "m.json", "outputPackageName": "app", "outputPackageVersion": "1.0"}


def secret(value: Any) -> dict[str, Any]:
    return {**SECRET_SIG, "value": value}


@dataclass
class Engine(engine_pb2_grpc.EngineServicer):  # type: ignore[misc]
    """The engine's Log service: keeps every message with its severity and whether it passes."""

    logs: list[tuple[int, str, str, bool]] = field(default_factory=list)

    def Log(self, request: Any, context: Any) -> Any:
        self.logs.append((request.severity, request.urn, request.message, request.ephemeral))
        from google.protobuf import empty_pb2

        return empty_pb2.Empty()


@pytest.fixture(scope="module")
def engine() -> Iterator[tuple[Engine, str]]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    recorder = Engine()
    engine_pb2_grpc.add_EngineServicer_to_server(recorder, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield recorder, f"127.0.0.1:{port}"
    finally:
        server.stop(grace=None)


@pytest.fixture(scope="module")
def plugin(aws_env: dict[str, str], engine: tuple[Engine, str]) -> Iterator[Any]:
    with provider_server("-m", "components.plugin", engine[1]) as stub:
        stub.Configure(
            provider_pb2.ConfigureRequest(variables={"panorama-import-gate:region": "us-east-1"}, acceptSecrets=True)
        )
        yield stub


def test_check_never_quotes_a_secret_input_in_its_refusal(plugin: Any) -> None:
    news = {**CREATE, "clientToken": secret("not a valid token!")}
    response = plugin.Check(provider_pb2.CheckRequest(urn=URN, news=to_struct(news)))
    reasons = [f.reason for f in response.failures]
    assert reasons and all("not a valid token" not in reason for reason in reasons), reasons
    assert [f.property for f in response.failures] == ["clientToken"]
    assert reasons[0].startswith("Invalid clientToken [secret]: must be 1-64 characters")


def test_a_refresh_keeps_the_inputs_the_engine_recorded(plugin: Any, emulator: EmulatorProcess) -> None:
    """Read answers with the request's inputs: a create-mode gate's inputs must not become `{jobId}`."""
    job_id = emulator.seed_job()
    inputs = to_struct({**CREATE, "endpointUrl": emulator.url, "resourceKey": "yaml-gate/contract/gate"})
    state = to_struct({"jobId": job_id, "endpointUrl": emulator.url, "inputs": {"region": "us-east-1"}})
    response = plugin.Read(
        provider_pb2.ReadRequest(id=job_id, urn=URN, properties=state, inputs=inputs), timeout=HANG_GUARD_SECONDS
    )
    assert response.id == job_id
    assert from_struct(response.inputs) == from_struct(inputs)
    assert from_struct(response.properties)["status"] == "SUCCEEDED"


def test_pulumi_import_reads_a_job_from_its_id_alone_as_a_track_mode_gate(emulator: EmulatorProcess) -> None:
    """`pulumi import` sends Read with the ID and nothing else; the job is then tracked by that ID."""
    job_id = emulator.seed_job(package_version="4.2")
    # The endpoint comes from the environment, as `pulumi import` has no inputs to carry it.
    with provider_server(
        "-m", "components.plugin", "127.0.0.1:9", env={"AWS_ENDPOINT_URL_PANORAMA": emulator.url}
    ) as fresh:
        fresh.Configure(provider_pb2.ConfigureRequest(variables={"panorama-import-gate:region": "us-east-1"}))
        response = fresh.Read(provider_pb2.ReadRequest(id=job_id, urn=URN), timeout=HANG_GUARD_SECONDS)
    assert response.id == job_id
    assert from_struct(response.inputs) == {"jobId": job_id}
    outputs = from_struct(response.properties)
    assert (outputs["jobId"], outputs["packageVersion"], outputs["inputs"]) == (
        job_id,
        "4.2",
        {"job_id": job_id, "region": "us-east-1"},  # the record keeps the core's names
    )


def test_a_function_read_that_passes_an_unsucceeded_job_by_default_warns_the_engine(
    plugin: Any, engine: tuple[Engine, str], emulator: EmulatorProcess
) -> None:
    recorder, _address = engine
    job_id = emulator.seed_job(outcome="FAILED", message="Manifest rejected.")
    args = to_struct({"jobId": job_id, "endpointUrl": emulator.url})
    plugin.Invoke(provider_pb2.InvokeRequest(tok=FUNCTION, args=args), timeout=HANG_GUARD_SECONDS)
    warnings = [message for severity, _urn, message, _passing in recorder.logs if severity == engine_pb2.WARNING]
    assert (
        f"getPackageImportJob: package import job {job_id} is FAILED (Manifest rejected.), and requireSucceeded "
        "is not set, so the read passes; set requireSucceeded to true to fail instead." in warnings
    )
    explicit = to_struct({"jobId": job_id, "endpointUrl": emulator.url, "requireSucceeded": False})
    count = len(recorder.logs)
    plugin.Invoke(provider_pb2.InvokeRequest(tok=FUNCTION, args=explicit), timeout=HANG_GUARD_SECONDS)
    assert not [log for log in recorder.logs[count:] if log[0] == engine_pb2.WARNING], "asked for: no warning"


def test_a_closed_gate_lets_the_function_reads_in_flight_finish_before_it_fails(
    plugin: Any, faults: EmulatorProcess
) -> None:
    """The engine shuts the plugin down once the gate fails; a read still running would fail beside it."""
    package = f"in-flight-{time.monotonic_ns()}"
    faults.seed_job(package_name=package, package_version="1.0")
    failed = faults.seed_job(outcome="FAILED")
    faults.set_faults(latency_ms=1000)  # every answer takes 1 s: a find (list, then describe) takes two
    finished: dict[str, float] = {}

    def read() -> None:
        args = to_struct({"packageName": package, "packageVersion": "1.0", "endpointUrl": faults.url})
        plugin.Invoke(provider_pb2.InvokeRequest(tok=FUNCTION, args=args), timeout=HANG_GUARD_SECONDS)
        finished["read"] = time.monotonic()

    reading = threading.Thread(target=read)
    reading.start()
    wait_until(lambda: faults.counters()["requests"].get("ListPackageImportJobs", 0) > 0, 10)
    request = provider_pb2.CreateRequest(urn=URN, properties=to_struct({"jobId": failed, "endpointUrl": faults.url}))
    with pytest.raises(grpc.RpcError) as info:
        plugin.Create(request, timeout=HANG_GUARD_SECONDS)
    finished["gate"] = time.monotonic()
    reading.join(HANG_GUARD_SECONDS)
    assert "FAILED" in info.value.details()
    # Without the grace the gate fails about 1 s before the read ends; the two answers reach this process's
    # threads in either order, a few milliseconds apart.
    assert finished["gate"] > finished["read"] - 0.4, "the gate failed while a function read was still running"
