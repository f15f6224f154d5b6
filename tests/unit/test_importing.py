"""Starting an import: the same job on a rerun, and a fresh one only past imports that had already FAILED.

Driven with botocore's Stubber: the service clock (the Date header) and the jobs' timestamps are set
exactly, so no test waits.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest
from botocore.stub import ANY, Stubber

from components import ClientSettings, PanoramaGateError, make_client
from components.core import table as p
from components.core.identity import derive_client_token
from components.core.importing import MAX_ATTEMPTS, import_request, start_import
from components.core.values import inputs_of

NOW = datetime(2026, 11, 29, 12, 0, 0, tzinfo=UTC)
PROPS: dict[str, Any] = {
    p.INPUT_S3_BUCKET: "manifests",
    p.INPUT_S3_KEY: "app/package.json",
    p.OUTPUT_PACKAGE_NAME: "app",
    p.OUTPUT_PACKAGE_VERSION: "1.0",
    p.RESOURCE_KEY: "proj/stack/gate",
}
INPUTS = inputs_of(PROPS)


@pytest.fixture
def stub() -> Iterator[tuple[Any, Stubber]]:
    client = make_client(ClientSettings(region="us-east-1", endpoint_url="http://127.0.0.1:9"))
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def created(stubber: Stubber, job_id: str, token: str, server_time: datetime | None = NOW) -> None:
    headers = {"date": format_datetime(server_time, usegmt=True)} if server_time else {}
    stubber.add_response(
        "create_package_import_job",
        {"JobId": job_id, "ResponseMetadata": {"HTTPStatusCode": 200, "HTTPHeaders": headers}},
        {"ClientToken": token, "JobType": ANY, "InputConfig": ANY, "OutputConfig": ANY},
    )


def described(stubber: Stubber, job_id: str, status: str, updated: datetime) -> None:
    stubber.add_response(
        "describe_package_import_job",
        {
            "JobId": job_id,
            "JobType": "NODE_PACKAGE_VERSION",
            "Status": status,
            "StatusMessage": status.lower(),
            "CreatedTime": updated - timedelta(seconds=5),
            "LastUpdatedTime": updated,
            "InputConfig": {},
            "OutputConfig": {},
            "Output": {
                "OutputS3Location": {"BucketName": "out", "ObjectKey": "out.json"},
                "PackageId": "package-1",
                "PackageVersion": "1.0",
                "PatchVersion": "abc",
            },
        },
        {"JobId": job_id},
    )


@pytest.mark.parametrize(
    ("status", "updated"),
    [
        ("PENDING", NOW - timedelta(minutes=5)),
        ("SUCCEEDED", NOW - timedelta(minutes=5)),
        ("FAILED", NOW),  # started by this very run, and failed at once
        ("FAILED", NOW - timedelta(seconds=0.5)),  # within the Date header's rounding
    ],
    ids=["pending-from-an-interrupted-run", "succeeded-earlier", "failed-during-this-run", "failed-just-now"],
)
def test_the_job_behind_the_first_token_is_kept(stub: tuple[Any, Stubber], status: str, updated: datetime) -> None:
    client, stubber = stub
    created(stubber, "pij-0", derive_client_token(INPUTS))
    described(stubber, "pij-0", status, updated)
    assert start_import(client, INPUTS) == "pij-0"


def test_imports_that_had_already_failed_roll_the_token_forward(stub: tuple[Any, Stubber]) -> None:
    client, stubber = stub
    for attempt in range(2):
        created(stubber, f"pij-{attempt}", derive_client_token(INPUTS, attempt), NOW + timedelta(seconds=attempt))
        described(stubber, f"pij-{attempt}", "FAILED", NOW - timedelta(hours=1, minutes=-attempt))
    created(stubber, "pij-2", derive_client_token(INPUTS, 2), NOW + timedelta(seconds=2))
    described(stubber, "pij-2", "PENDING", NOW + timedelta(seconds=2))
    assert start_import(client, INPUTS) == "pij-2"


def test_without_a_date_header_the_local_clock_decides_with_a_skew_margin(stub: tuple[Any, Stubber]) -> None:
    client, stubber = stub
    local_now = NOW.timestamp()
    created(stubber, "pij-0", derive_client_token(INPUTS), server_time=None)
    described(stubber, "pij-0", "FAILED", NOW - timedelta(seconds=10))  # inside the 30 s margin: kept
    assert start_import(client, INPUTS, clock=lambda: local_now) == "pij-0"
    created(stubber, "pij-0", derive_client_token(INPUTS), server_time=None)
    described(stubber, "pij-0", "FAILED", NOW - timedelta(minutes=10))
    created(stubber, "pij-1", derive_client_token(INPUTS, 1), server_time=None)
    described(stubber, "pij-1", "PENDING", NOW)
    assert start_import(client, INPUTS, clock=lambda: local_now) == "pij-1"


def test_an_explicit_token_is_used_as_given_and_never_rolled(stub: tuple[Any, Stubber]) -> None:
    client, stubber = stub
    created(stubber, "pij-mine", "my-token")
    assert start_import(client, inputs_of({**PROPS, p.CLIENT_TOKEN: "my-token"})) == "pij-mine"


def test_a_long_run_of_failed_imports_ends_in_one_clear_error(stub: tuple[Any, Stubber]) -> None:
    client, stubber = stub
    for attempt in range(MAX_ATTEMPTS):
        created(stubber, f"pij-{attempt}", derive_client_token(INPUTS, attempt))
        described(stubber, f"pij-{attempt}", "FAILED", NOW - timedelta(days=1))
    with pytest.raises(
        PanoramaGateError, match=r"all FAILED \(the most this gate retries\); fix the manifest, then set client_token"
    ):
        start_import(client, INPUTS)


@pytest.mark.parametrize("mark_latest", [None, False])
def test_an_explicit_false_mark_latest_sends_the_same_request_as_none(mark_latest: bool | None) -> None:
    request = import_request(inputs_of({**PROPS, p.MARK_LATEST: mark_latest}), "token")
    assert "MarkLatest" not in request["OutputConfig"]["PackageVersionOutputConfig"]
    assert import_request(inputs_of({**PROPS, p.MARK_LATEST: True}), "t")["OutputConfig"]["PackageVersionOutputConfig"][
        "MarkLatest"
    ]
