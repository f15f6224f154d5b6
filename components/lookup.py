"""The function `getPackageImportJob`: read one job by ID, or the newest SUCCEEDED job for a package version.

Pulumi-free, like ``lifecycle``: the provider plugin only translates its requests. Its inputs and their
rules come from the property table (the rows with ``function_doc``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import properties as p
from .errors import InvalidArgumentsError, one_line
from .finding import find_latest_succeeded
from .job import ImportJob
from .lifecycle import Failure, Lifecycle, rule_failures
from .waiting import describe_job, require_succeeded

#: The function's name, as every Pulumi language spells it.
FUNCTION = "getPackageImportJob"


def check_lookup(args: Mapping[str, Any]) -> list[Failure]:
    """The arguments' rules: each value's rule from the table, then which combination is given."""
    failures = rule_failures(args, p.FUNCTION_INPUTS)
    job_id, name, version = (args.get(k) is not None for k in (p.JOB_ID, p.PACKAGE_NAME, p.PACKAGE_VERSION))
    if job_id and (name or version):
        failures.append(Failure(p.JOB_ID, "give job_id, or package_name and package_version, not both"))
    elif name and not version:
        failures.append(Failure(p.PACKAGE_VERSION, "package_version is required with package_name"))
    elif version and not name:
        failures.append(Failure(p.PACKAGE_NAME, "package_name is required with package_version"))
    elif not job_id and not name:
        failures.append(Failure(p.JOB_ID, "give job_id, or package_name and package_version"))
    return failures


def lookup(lifecycle: Lifecycle, args: Mapping[str, Any]) -> ImportJob:
    """Describe the job once (no waiting); with ``require_succeeded`` fail unless it SUCCEEDED."""
    failures = check_lookup(args)
    if failures:
        raise InvalidArgumentsError(FUNCTION, [f.reason for f in failures])
    client = lifecycle.client_for(args)
    if args.get(p.JOB_ID) is not None:
        job = describe_job(client, str(args[p.JOB_ID]))
    else:
        job = find_latest_succeeded(client, str(args[p.PACKAGE_NAME]), str(args[p.PACKAGE_VERSION]))
    return require_succeeded(job) if args.get(p.REQUIRE_SUCCEEDED) is True else job


def unchecked_warning(job: ImportJob, args: Mapping[str, Any]) -> str | None:
    """A warning for a read that passes a job which did not SUCCEED only because ``require_succeeded`` was
    left out (the function's default is false, unlike the resource's); None otherwise."""
    if job.succeeded or args.get(p.REQUIRE_SUCCEEDED) is not None:
        return None
    return (
        f"{FUNCTION}: package import job {job.job_id} is {job.status} ({one_line(job.status_message, 120)}), "
        "and require_succeeded is not set, so the read passes; set require_succeeded to true to fail instead."
    )
