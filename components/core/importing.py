"""Starting an import job idempotently, and retrying one that had already FAILED.

Pulumi-free: works on the gate's typed inputs.

Idempotency rests on the ClientToken: the same token and request make Panorama
answer with the job it already started. That alone would pin a stack to a
FAILED import forever (the user fixes the manifest at the same S3 key, and the
same token returns the same FAILED job). So the token rolls forward, one attempt
at a time, past jobs that had *already* FAILED before this run's first
CreatePackageImportJob reached the service. A job this run started, or one that
is still PENDING or SUCCEEDED, is always kept: an interrupted run still finds
its own job, and a rerun never starts a second one next to a good one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from . import table as p
from .client import PanoramaClient, call_to, server_time
from .error_map import mapped, unreadable_answer
from .errors import PanoramaGateError, named
from .identity import derive_client_token
from .job import FAILED, ImportJob
from .model import Inputs
from .waiting import describe_job

#: Tokens tried, oldest first, on each `pulumi up`: every run walks again past the imports that
#: FAILED inside the service's ClientToken window, so this caps retries over that window.
MAX_ATTEMPTS = 50
#: How long before the run began a job must have FAILED to count as an earlier run's failure.
#: The service's own clock (the response's Date header, whole seconds) is compared with the
#: service's timestamps, so one second of rounding is all the margin needed. Without a Date
#: header the local clock is used, and the margin allows for clock skew.
SERVER_CLOCK_MARGIN = timedelta(seconds=1)
LOCAL_CLOCK_MARGIN = timedelta(seconds=30)


def import_request(inputs: Inputs, token: str) -> dict[str, Any]:
    """The CreatePackageImportJob request for the gate's creation inputs (``check`` has passed them)."""
    source = {"BucketName": inputs.input_s3_bucket, "ObjectKey": inputs.input_s3_key}
    if inputs.input_s3_region:
        source["Region"] = inputs.input_s3_region
    output: dict[str, Any] = {
        "PackageName": inputs.output_package_name,
        "PackageVersion": inputs.output_package_version,
    }
    if inputs.mark_latest:
        # Only when true: an explicit false is the service default, and must send the same
        # request as an omitted one so the same ClientToken stays valid.
        output["MarkLatest"] = True
    request: dict[str, Any] = {
        "ClientToken": token,
        "JobType": inputs.job_type or p.DEFAULT_JOB_TYPE,
        "InputConfig": {"PackageVersionInputConfig": {"S3Location": source}},
        "OutputConfig": {"PackageVersionOutputConfig": output},
    }
    if inputs.job_tags:
        request["JobTags"] = [{"ResourceType": "PACKAGE", "Tags": dict(inputs.job_tags)}]
    return request


def _create(client: PanoramaClient, request: dict[str, Any]) -> tuple[str, datetime | None]:
    call = call_to(client, "CreatePackageImportJob")
    with mapped(call):
        response = client.create_package_import_job(**request)
    if "JobId" not in response:
        raise unreadable_answer(call, response, "no JobId")
    return str(response["JobId"]), server_time(response)


def failed_before(job: ImportJob, run_started: datetime, margin: timedelta) -> bool:
    """True if the job had already FAILED before the run began (an earlier run's failure)."""
    return job.status == FAILED and job.last_updated_time < run_started - margin


def start_import(
    client: PanoramaClient,
    inputs: Inputs,
    clock: Callable[[], float] = time.time,
    default_region: str | None = None,
) -> str:
    """Start (or find again) the resource's import job and return its ID.

    An explicit ``client_token`` is used as given and never rolled: the user owns it.
    """
    explicit = inputs.client_token
    if explicit:
        return _create(client, import_request(inputs, explicit))[0]
    local_start = datetime.fromtimestamp(clock(), UTC)
    run_started: datetime | None = None
    for attempt in range(MAX_ATTEMPTS):
        job_id, server_time = _create(
            client, import_request(inputs, derive_client_token(inputs, attempt, default_region))
        )
        if run_started is None:
            run_started = server_time or local_start
            margin = SERVER_CLOCK_MARGIN if server_time else LOCAL_CLOCK_MARGIN
        if not failed_before(describe_job(client, job_id), run_started, margin):
            return job_id
    raise PanoramaGateError(
        f"The last {MAX_ATTEMPTS} import jobs for this resource all FAILED (the most this gate retries); "
        f"fix the manifest, then set {named(p.CLIENT_TOKEN)} to a new value to start a fresh import."
    )
