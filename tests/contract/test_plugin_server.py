"""The provider plugin behind its gRPC server, driven with Pulumi's own protobuf stubs."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from google.protobuf import empty_pb2
from pulumi.runtime.proto import provider_pb2

from emulator.testing import EmulatorProcess
from tests.contract.support import from_struct, provider_server, to_struct
from tests.support import HANG_GUARD_SECONDS, wait_until

URN = "urn:pulumi:contract::yaml-gate::panorama-import-gate:index:PackageImportJob::gate"
pytestmark = pytest.mark.contract


@pytest.fixture(scope="module")
def plugin(aws_env: dict[str, str]) -> Iterator[Any]:
    # The engine address is unreachable: progress lines are best effort and must not fail a call.
    with provider_server("-m", "components.plugin", "127.0.0.1:9") as stub:
        stub.Configure(provider_pb2.ConfigureRequest(variables={"panorama-import-gate:region": "us-east-1"}))
        yield stub


def create(plugin: Any, emulator: EmulatorProcess, **props: Any) -> tuple[str, dict[str, Any]]:
    request = provider_pb2.CreateRequest(
        urn=URN, properties=to_struct({"endpointUrl": emulator.url, "pollMaxDelaySeconds": 0.2, **props})
    )
    response = plugin.Create(request, timeout=HANG_GUARD_SECONDS)
    return response.id, from_struct(response.properties)


def test_schema_names_the_resource_and_the_function(plugin: Any) -> None:
    schema = json.loads(plugin.GetSchema(provider_pb2.GetSchemaRequest()).schema)
    assert "panorama-import-gate:index:PackageImportJob" in schema["resources"]
    assert "panorama-import-gate:index:getPackageImportJob" in schema["functions"]


def test_check_reports_camel_case_fields_and_adds_the_resource_key(plugin: Any) -> None:
    response = plugin.Check(provider_pb2.CheckRequest(urn=URN, news=to_struct({"jobId": "bad id"})))
    assert [f.property for f in response.failures] == ["jobId"]
    assert response.failures[0].reason.startswith("Invalid jobId 'bad id': must be 1-255 characters")
    assert from_struct(response.inputs)["resourceKey"] == "yaml-gate/contract/gate"


def test_create_tracks_a_succeeded_job_and_returns_camel_case_outputs(plugin: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(package_version="5.5")
    new_id, outputs = create(plugin, emulator, jobId=job_id)
    assert new_id == job_id
    assert (outputs["status"], outputs["packageVersion"]) == ("SUCCEEDED", "5.5")
    assert outputs["outputS3Uri"].startswith("s3://")


def test_a_failed_job_is_a_one_line_error_without_a_python_stack(plugin: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(outcome="FAILED", message="Manifest references a missing asset.")
    with pytest.raises(grpc.RpcError) as info:
        create(plugin, emulator, jobId=job_id)
    assert info.value.details() == (
        f"Package import job {job_id} FAILED: Manifest references a missing asset. "
        "Fix the package or manifest and start a new import job."
    )


def test_the_function_finds_the_newest_succeeded_job_for_a_package_version(
    plugin: Any, emulator: EmulatorProcess
) -> None:
    job_id = emulator.seed_job(package_name="contract-fn", package_version="9.1")
    request = provider_pb2.InvokeRequest(
        tok="panorama-import-gate:index:getPackageImportJob",
        args=to_struct({"packageName": "contract-fn", "packageVersion": "9.1", "endpointUrl": emulator.url}),
    )
    result = from_struct(plugin.Invoke(request).__getattribute__("return"))
    assert (result["jobId"], result["status"]) == (job_id, "SUCCEEDED")


def test_cancel_ends_a_wait_in_progress_with_a_one_line_message(plugin: Any, emulator: EmulatorProcess) -> None:
    job_id = emulator.seed_job(duration=3600)
    errors: list[grpc.RpcError] = []

    def wait() -> None:
        try:
            create(plugin, emulator, jobId=job_id)
        except grpc.RpcError as exc:
            errors.append(exc)

    before = emulator.counters()["requests"].get("DescribePackageImportJob", 0)
    waiting = threading.Thread(target=wait)
    waiting.start()
    wait_until(lambda: emulator.counters()["requests"].get("DescribePackageImportJob", 0) > before, 10)
    plugin.Cancel(empty_pb2.Empty())
    waiting.join(HANG_GUARD_SECONDS)
    assert not waiting.is_alive()
    assert errors and errors[0].details().startswith("Cancelled after "), errors
    assert f"package import job {job_id}" in errors[0].details() and "\n" not in errors[0].details()


def test_a_refresh_error_is_one_line_without_a_python_stack(plugin: Any) -> None:
    """Read (refresh) is among the RPCs whose errors are users' errors: a bad recorded ID is one line."""
    request = provider_pb2.ReadRequest(id="bad id!", urn=URN, properties=to_struct({"jobId": "bad id!"}))
    with pytest.raises(grpc.RpcError) as info:
        plugin.Read(request, timeout=HANG_GUARD_SECONDS)
    assert info.value.details() == ("Invalid jobId 'bad id!': must be 1-255 characters matching ^[a-zA-Z0-9\\-\\_]+$.")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"packageName": "app"}, "getPackageImportJob: packageVersion is required with packageName."),
        ({"jobId": "pij-1", "packageVersion": "1.0"}, "getPackageImportJob: give jobId, or packageName and "
         "packageVersion, not both."),
        ({"jobId": 12345}, "getPackageImportJob: Invalid jobId 12345: must be a string."),
    ],
)  # fmt: skip
def test_a_refused_function_call_is_one_line_in_the_program_s_spelling(
    plugin: Any, args: dict[str, Any], message: str
) -> None:
    request = provider_pb2.InvokeRequest(tok="panorama-import-gate:index:getPackageImportJob", args=to_struct(args))
    with pytest.raises(grpc.RpcError) as info:
        plugin.Invoke(request, timeout=HANG_GUARD_SECONDS)
    assert info.value.details() == message


@pytest.mark.parametrize(
    ("variables", "field", "message"),
    [
        (
            {"endpointUrl": "notaurl"},
            "endpointUrl",
            "Invalid panorama-import-gate:endpointUrl 'notaurl': must be an http:// or https:// URL with a host "
            "name, such as http://127.0.0.1:4599; check it.",
        ),
        (
            {"region": "us west 2"},
            "region",
            "Invalid panorama-import-gate:region 'us west 2': must be an AWS region name such as us-east-1; check it.",
        ),
    ],
)
def test_malformed_provider_config_fails_check_config_naming_the_key(
    plugin: Any, variables: dict[str, str], field: str, message: str
) -> None:
    response = plugin.CheckConfig(provider_pb2.CheckRequest(urn=URN, news=to_struct(variables)))
    assert [(f.property, f.reason) for f in response.failures] == [(field, message)]
