"""The Pulumi program under `pulumi.runtime.set_mocks`: stack outputs and gating wiring."""

from __future__ import annotations

import runpy
from typing import Any

import pulumi
import pytest

from tests.conftest import ROOT

JOB_OUTPUTS = {
    "status": "SUCCEEDED",
    "status_message": "The package import job succeeded.",
    "package_id": "package-0123abcd",
    "package_version": "2.5",
    "patch_version": "deadbeef",
    "output_s3_uri": "s3://out-bucket/out-key.json",
}


class Mocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.resources: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.resources.append(args)
        if args.typ == "pulumi-python:dynamic:Resource":
            job_id = args.inputs.get("job_id") or "pij-created"
            return job_id, {**args.inputs, **JOB_OUTPUTS, "job_id": job_id}
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


def run_program(monkeypatch: pytest.MonkeyPatch, config: dict[str, str]) -> tuple[Mocks, dict[str, pulumi.Output[Any]]]:
    mocks = Mocks()
    pulumi.runtime.set_mocks(mocks, project="panorama-import-gate", stack="unit", preview=False)
    pulumi.runtime.set_all_config({f"panorama-import-gate:{k}": v for k, v in config.items()})
    exports: dict[str, pulumi.Output[Any]] = {}
    monkeypatch.setattr(
        pulumi, "export", lambda name, value: exports.__setitem__(name, pulumi.Output.from_input(value))
    )
    runpy.run_path(str(ROOT / "__main__.py"), run_name="__main__")
    return mocks, exports


@pulumi.runtime.test
def test_stack_outputs_are_wired_to_the_job(monkeypatch: pytest.MonkeyPatch) -> Any:
    mocks, exports = run_program(monkeypatch, {"jobId": "pij-tracked", "endpointUrl": "http://127.0.0.1:1"})
    expected = {
        "jobId": "pij-tracked",
        "status": "SUCCEEDED",
        "statusMessage": JOB_OUTPUTS["status_message"],
        "packageId": "package-0123abcd",
        "packageVersion": "2.5",
        "patchVersion": "deadbeef",
        "outputS3Uri": "s3://out-bucket/out-key.json",
    }
    assert set(exports) == set(expected)

    def check(values: list[Any]) -> None:
        assert dict(zip(exports, values, strict=True)) == {k: expected[k] for k in exports}
        (job,) = [r for r in mocks.resources if r.typ == "pulumi-python:dynamic:Resource"]
        assert job.inputs["job_id"] == "pij-tracked"
        assert job.inputs["endpoint_url"] == "http://127.0.0.1:1"
        assert "__provider" in job.inputs
        assert not [r for r in mocks.resources if r.typ.startswith("aws:")]

    return pulumi.Output.all(*exports.values()).apply(check)


@pulumi.runtime.test
def test_ssm_parameter_is_built_from_the_gate_outputs(monkeypatch: pytest.MonkeyPatch) -> Any:
    import pulumi_aws as aws

    parameters: list[Any] = []
    original_init = aws.ssm.Parameter.__init__

    def spy(self: Any, *args: Any, **kwargs: Any) -> None:
        parameters.append(self)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(aws.ssm.Parameter, "__init__", spy)
    mocks, _ = run_program(
        monkeypatch,
        {
            "inputBucket": "manifests",
            "inputKey": "app/package.json",
            "packageName": "camera-app",
            "packageVersion": "2.5",
            "publishParameter": "true",
        },
    )

    def check(value: str) -> None:
        (job,) = [r for r in mocks.resources if r.typ == "pulumi-python:dynamic:Resource"]
        assert job.inputs["output_package_name"] == "camera-app"
        assert job.inputs.get("job_id") is None
        (registered,) = [r for r in mocks.resources if r.typ == "aws:ssm/parameter:Parameter"]
        sent = registered.inputs["value"]
        sent = sent["value"] if isinstance(sent, dict) else sent  # pulumi-aws marks `value` secret
        # The value only exists once the gate resolved its outputs.
        assert value == sent == "package-0123abcd:2.5:deadbeef"

    assert len(parameters) == 1
    return parameters[0].value.apply(check)


@pulumi.runtime.test
def test_every_input_can_be_an_output_from_another_resource_or_stack() -> Any:
    from components import PackageImportJob

    mocks = Mocks()
    pulumi.runtime.set_mocks(mocks, project="panorama-import-gate", stack="unit", preview=False)
    from_reference = pulumi.Output.from_input("pij-from-reference")
    tracked = PackageImportJob("tracked", job_id=from_reference, wait_timeout_seconds=pulumi.Output.from_input(60))
    created = PackageImportJob(
        "created",
        input_s3_bucket=pulumi.Output.from_input("manifests"),
        input_s3_key=pulumi.Output.from_input("app/package.json"),
        output_package_name="app",
        output_package_version=pulumi.Output.from_input("1.0"),
        job_tags=pulumi.Output.from_input({"team": "vision"}),
    )
    looked_up = PackageImportJob.get("looked-up", from_reference, endpoint_url=pulumi.Output.from_input("http://x"))

    def check(_: list[Any]) -> None:
        by_name = {r.name: r.inputs for r in mocks.resources if r.typ == "pulumi-python:dynamic:Resource"}
        assert by_name["tracked"]["job_id"] == "pij-from-reference"
        assert by_name["tracked"]["wait_timeout_seconds"] == 60
        assert by_name["created"]["input_s3_key"] == "app/package.json"
        assert by_name["created"]["job_tags"] == {"team": "vision"}

    return pulumi.Output.all(tracked.job_id, created.job_id, looked_up.urn).apply(check)


@pulumi.runtime.test
def test_the_gate_asks_the_engine_to_keep_its_recorded_identity_encrypted(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The record (`inputs`) copies creation inputs, secret ones too, under other names, where the engine would
    not re-mark them: the program asks for it to be encrypted as a whole, in the request the engine receives."""
    from pulumi.runtime.mocks import MockMonitor

    requested: dict[str, list[str]] = {}
    register = MockMonitor.RegisterResource

    def recording(self: MockMonitor, request: Any) -> Any:
        requested[request.name] = list(request.additionalSecretOutputs)
        return register(self, request)

    monkeypatch.setattr(MockMonitor, "RegisterResource", recording)
    config = {"inputBucket": "b", "inputKey": "k.json", "packageName": "app", "packageVersion": "1.0"}
    _mocks, exports = run_program(monkeypatch, {**config, "clientToken": "secret-token"})

    def check(_values: list[Any]) -> None:
        assert requested["package-import"] == ["inputs"]

    return pulumi.Output.all(*exports.values()).apply(check)
