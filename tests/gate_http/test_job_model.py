"""ImportJob carries every DescribePackageImportJob field, typed, and absent stays absent."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest

from components import ImportJob, describe_job
from components.core.table import job_outputs

REQUEST: dict[str, Any] = {
    "ClientToken": "model-roundtrip-1",
    "JobType": "NODE_PACKAGE_VERSION",
    "InputConfig": {
        "PackageVersionInputConfig": {
            "S3Location": {"BucketName": "in-bucket", "ObjectKey": "app/package.json", "Region": "us-west-2"}
        }
    },
    "OutputConfig": {
        "PackageVersionOutputConfig": {"MarkLatest": True, "PackageName": "model-pkg", "PackageVersion": "7.3"}
    },
    "JobTags": [{"ResourceType": "PACKAGE", "Tags": {"team": "vision", "emulator:duration-seconds": "0"}}],
}


def test_every_field_round_trips_through_the_typed_model(client: Any) -> None:
    job_id = client.create_package_import_job(**REQUEST)["JobId"]
    raw = client.describe_package_import_job(JobId=job_id)
    job = describe_job(client, job_id)

    assert job.job_id == raw["JobId"] == job_id
    assert job.client_token == "model-roundtrip-1"
    assert job.status == "SUCCEEDED"
    assert job.status_message == raw["StatusMessage"]
    assert job.job_type == "NODE_PACKAGE_VERSION"
    assert job.input_s3 is not None
    assert (job.input_s3.bucket, job.input_s3.key, job.input_s3.region) == (
        "in-bucket",
        "app/package.json",
        "us-west-2",
    )
    assert (job.output_package_name, job.output_package_version, job.mark_latest) == ("model-pkg", "7.3", True)
    assert job.package_id == raw["Output"]["PackageId"]
    assert job.package_version == "7.3"
    assert job.patch_version == raw["Output"]["PatchVersion"]
    assert job.output_s3.bucket == raw["Output"]["OutputS3Location"]["BucketName"]
    assert job.output_s3.key == raw["Output"]["OutputS3Location"]["ObjectKey"]
    assert job.tags() == {"team": "vision", "emulator:duration-seconds": "0"}
    for stamp in (job.created_time, job.last_updated_time):
        assert stamp.tzinfo is not None and stamp.utcoffset() == UTC.utcoffset(None)
    assert job.created_time == raw["CreatedTime"]
    assert job.last_updated_time >= job.created_time


def test_model_is_immutable(client: Any, emulator: Any) -> None:
    job = describe_job(client, emulator.seed_job())
    with pytest.raises(dataclasses.FrozenInstanceError):
        job.status = "FAILED"  # type: ignore[misc]


def minimal_response() -> dict[str, Any]:
    return {
        "CreatedTime": datetime(2026, 1, 2, 3, 4, 5),
        "LastUpdatedTime": datetime(2026, 1, 2, 3, 4, 6, tzinfo=UTC),
        "InputConfig": {},
        "JobId": "j-1",
        "JobType": "MARKETPLACE_NODE_PACKAGE_VERSION",
        "Output": {
            "OutputS3Location": {"BucketName": "ob", "ObjectKey": "ok"},
            "PackageId": "package-1",
            "PackageVersion": "1.0",
            "PatchVersion": "abc",
        },
        "OutputConfig": {},
        "Status": "PENDING",
        "StatusMessage": "",
    }


def test_missing_optional_fields_stay_missing() -> None:
    job = ImportJob.from_api(minimal_response())
    assert job.client_token is None and job.job_tags is None and job.input_s3 is None and job.mark_latest is None
    outputs = job_outputs(job)
    for absent in ("client_token", "job_tags", "input_s3_bucket", "output_package_name", "mark_latest"):
        assert absent not in outputs
    assert outputs["status_message"] == ""


def test_naive_timestamps_become_utc_aware() -> None:
    job = ImportJob.from_api(minimal_response())
    assert job.created_time.tzinfo == UTC
    assert job_outputs(job)["created_time"] == "2026-01-02T03:04:05+00:00"


def test_a_missing_required_member_is_an_error_not_a_default() -> None:
    response = minimal_response()
    del response["Output"]
    with pytest.raises(KeyError):
        ImportJob.from_api(response)


def test_outputs_are_plain_data() -> None:
    outputs = job_outputs(ImportJob.from_api(minimal_response()))
    assert all(isinstance(v, (str, bool, dict, list)) for v in outputs.values())
    assert outputs["output_s3_uri"] == "s3://ob/ok"
