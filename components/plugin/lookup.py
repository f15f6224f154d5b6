"""`getPackageImportJob`: read one job by ID, or the newest SUCCEEDED job for a package version."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import properties as p
from ..errors import InvalidInputError
from ..finding import find_latest_succeeded
from ..job import ImportJob
from ..lifecycle import Lifecycle
from ..waiting import describe_job, require_succeeded


def lookup(lifecycle: Lifecycle, args: Mapping[str, Any]) -> ImportJob:
    """Describe the job once (no waiting); with ``require_succeeded`` fail unless it SUCCEEDED."""
    job_id = args.get(p.JOB_ID)
    name, version = args.get("package_name"), args.get("package_version")
    by_package = name is not None or version is not None
    if (job_id is not None) == by_package or (by_package and (name is None or version is None)):
        raise InvalidInputError(
            "getPackageImportJob arguments", sorted(k for k, v in args.items() if v is not None),
            "give jobId, or packageName and packageVersion, not both",
        )  # fmt: skip
    client = lifecycle.client_for(args)
    if job_id is not None:
        job = describe_job(client, str(job_id))
    else:
        job = find_latest_succeeded(client, str(name), str(version))
    return require_succeeded(job) if args.get(p.REQUIRE_SUCCEEDED) is True else job
