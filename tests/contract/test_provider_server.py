"""The provider behind Pulumi's own gRPC server (`python -m pulumi.dynamic`), started
from the project root exactly as the engine starts it, driven with the official stubs."""

from __future__ import annotations

import base64
from typing import Any

import grpc
import pytest
from pulumi.runtime.proto import provider_pb2

from components.core import table as p
from emulator.testing import EmulatorProcess
from tests.contract.support import PROVIDER, URN, create, from_struct, inputs, provider_process, to_struct
from tests.support import emulator_client

pytestmark = pytest.mark.contract


def test_provider_is_pickled_by_reference_to_the_components_module() -> None:
    raw = base64.b64decode(PROVIDER)
    assert b"components.provider" in raw
    assert b"PackageImportJobProvider" in raw
    assert b"def create" not in raw and len(raw) < 1024


def test_check_returns_failures_naming_the_field(server: Any, emulator: EmulatorProcess) -> None:
    props = to_struct(inputs(emulator, job_id="not valid!"))
    response = server.Check(provider_pb2.CheckRequest(urn=URN, olds=to_struct({}), news=props))
    assert [f.property for f in response.failures] == ["job_id"]
    assert "must be 1-255 characters" in response.failures[0].reason


def test_create_read_diff_update_delete_round_trip(server: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(package_name="contract-pkg", package_version="9.1", duration=0.3)
    new_id, state = create(server, inputs(emulator, job_id=job_id))
    assert new_id == job_id
    assert (state["status"], state["package_version"]) == ("SUCCEEDED", "9.1")
    assert state["__provider"] == PROVIDER

    read = server.Read(provider_pb2.ReadRequest(id=job_id, urn=URN, properties=to_struct(state)))
    assert read.id == job_id and from_struct(read.properties)["patch_version"] == state["patch_version"]

    same = server.Diff(
        provider_pb2.DiffRequest(
            id=job_id, urn=URN, olds=to_struct(state), news=to_struct(inputs(emulator, job_id=job_id))
        )
    )
    assert same.changes == provider_pb2.DiffResponse.DIFF_NONE
    other = server.Diff(
        provider_pb2.DiffRequest(
            id=job_id, urn=URN, olds=to_struct(state), news=to_struct(inputs(emulator, job_id="other-job"))
        )
    )
    assert other.changes == provider_pb2.DiffResponse.DIFF_SOME and list(other.replaces) == ["job_id"]

    news = inputs(emulator, job_id=job_id, wait_timeout_seconds=42)
    option = server.Diff(provider_pb2.DiffRequest(id=job_id, urn=URN, olds=to_struct(state), news=to_struct(news)))
    assert option.changes == provider_pb2.DiffResponse.DIFF_SOME and list(option.replaces) == []
    updated = server.Update(provider_pb2.UpdateRequest(id=job_id, urn=URN, olds=to_struct(state), news=to_struct(news)))
    assert from_struct(updated.properties)["wait_timeout_seconds"] == 42

    server.Delete(provider_pb2.DeleteRequest(id=job_id, urn=URN, properties=to_struct(state)))
    # Read directly with boto3, not through the provider: the job is still in Panorama, unchanged.
    still_there = emulator_client(emulator).describe_package_import_job(JobId=job_id)
    assert (still_there["Status"], still_there["Output"]["PatchVersion"]) == ("SUCCEEDED", state["patch_version"])
    again = server.Read(provider_pb2.ReadRequest(id=job_id, urn=URN, properties=to_struct(state)))
    assert again.id == job_id, "delete must leave the Panorama job untouched"


def test_read_with_inputs_only_is_the_get_path(server: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(package_version="7.7")
    request = provider_pb2.ReadRequest(id=job_id, urn=URN, inputs=to_struct(inputs(emulator, gate_on_read=True)))
    response = server.Read(request)
    assert response.id == job_id
    assert from_struct(response.properties)["package_version"] == "7.7"


def test_read_of_a_vanished_job_returns_an_empty_id(server: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job()
    _, state = create(server, inputs(emulator, job_id=job_id))
    emulator.admin("DELETE", f"jobs/{job_id}")
    response = server.Read(provider_pb2.ReadRequest(id=job_id, urn=URN, properties=to_struct(state)))
    assert response.id == ""


def test_failed_job_comes_back_as_a_grpc_error_carrying_our_one_line_message(
    server: Any, emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job(outcome="FAILED", message="Manifest references a missing asset.")
    with pytest.raises(grpc.RpcError) as info:
        create(server, inputs(emulator, job_id=job_id))
    details = info.value.details()
    assert details == (
        f"Package import job {job_id} FAILED: Manifest references a missing asset. "
        "Fix the package or manifest and start a new import job."
    )


def test_serialized_provider_and_outputs_carry_no_credentials(
    server: Any, emulator: EmulatorProcess, aws_env: dict[str, str]
) -> None:
    job_id = emulator.seed_job()
    _, state = create(server, inputs(emulator, job_id=job_id))
    haystacks = [base64.b64decode(PROVIDER), repr(state).encode(), to_struct(state).SerializeToString()]
    for secret in (aws_env["AWS_ACCESS_KEY_ID"], aws_env["AWS_SECRET_ACCESS_KEY"], aws_env["AWS_SESSION_TOKEN"]):
        for haystack in haystacks:
            assert secret.encode() not in haystack


def test_deleting_gates_says_once_that_the_jobs_stay_in_panorama(emulator: EmulatorProcess) -> None:
    """`pulumi destroy` on the Python path: the provider's stderr (shown by the engine) says it once per run."""
    from components.core.lifecycle import FORGOTTEN

    env = {"PULUMI_PROJECT": "panorama-import-gate"}
    with provider_process("-m", "pulumi.dynamic", env=env) as (stub, proc):
        stub.Configure(provider_pb2.ConfigureRequest(args=to_struct({"aws:region": "us-east-1"})))
        for job_id in (emulator.seed_job(), emulator.seed_job()):
            props = to_struct(inputs(emulator, **{p.JOB_ID: job_id}))
            stub.Delete(provider_pb2.DeleteRequest(id=job_id, urn=URN, properties=props))
    assert proc.stderr is not None
    said = proc.stderr.read()
    assert said.count(FORGOTTEN) == 1, said
