"""The function `getPackageImportJob`: read one job by ID, or the newest SUCCEEDED job for a package version.

Pulumi-free, like ``lifecycle``: the provider plugin only translates its requests. Its inputs and their
rules come from the property table (the rows with ``function_doc``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import table as p
from .errors import InvalidArgumentsError, named, one_line
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
    either = f"give {named(p.JOB_ID)}, or {named(p.PACKAGE_NAME)} and {named(p.PACKAGE_VERSION)}"
    if job_id and (name or version):
        failures.append(Failure(p.JOB_ID, f"{either}, not both"))
    elif name and not version:
        failures.append(
            Failure(p.PACKAGE_VERSION, f"{named(p.PACKAGE_VERSION)} is required with {named(p.PACKAGE_NAME)}")
        )
    elif version and not name:
        failures.append(Failure(p.PACKAGE_NAME, f"{named(p.PACKAGE_NAME)} is required with {named(p.PACKAGE_VERSION)}"))
    elif not job_id and not name:
        failures.append(Failure(p.JOB_ID, either))
    return failures


def lookup(lifecycle: Lifecycle, args: Mapping[str, Any]) -> ImportJob:
    """Describe the job once (no waiting); with ``require_succeeded`` fail unless it SUCCEEDED."""
    failures = check_lookup(args)
    if failures:
        raise InvalidArgumentsError(FUNCTION, [f.template for f in failures])
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
        f"and {named(p.REQUIRE_SUCCEEDED)} is not set, so the read passes; set {named(p.REQUIRE_SUCCEEDED)} to "
        "true to fail instead."
    )
