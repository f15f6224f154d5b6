"""The function `getPackageImportJob`: read one job by ID, or the newest SUCCEEDED job for a package version.

Pulumi-free, like ``lifecycle``: the provider plugin only translates its requests. Its inputs and their
rules come from the property table (the rows with ``function_doc``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import table as p
from .errors import Failure, InvalidArgumentsError, named, one_line
from .finding import find_latest_succeeded
from .job import ImportJob
from .lifecycle import Lifecycle
from .model import LookupArgs
from .values import parse_lookup
from .waiting import describe_job, require_succeeded

#: The function's name, as every Pulumi language spells it.
FUNCTION = "getPackageImportJob"


def check_lookup(raw: Mapping[str, Any]) -> tuple[LookupArgs, list[Failure]]:
    """The arguments, typed, and their refusals: each value's rule from the table, then which combination is
    given (an argument given with a value its rule refuses still counts as given)."""
    args, failures = parse_lookup(raw)
    job_id, name, version = (raw.get(k) is not None for k in (p.JOB_ID, p.PACKAGE_NAME, p.PACKAGE_VERSION))
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
    return args, failures


def lookup_args(raw: Mapping[str, Any]) -> LookupArgs:
    """The arguments, typed; one error naming every refusal."""
    args, failures = check_lookup(raw)
    if failures:
        raise InvalidArgumentsError(FUNCTION, [f.template for f in failures])
    return args


def lookup(lifecycle: Lifecycle, args: LookupArgs) -> ImportJob:
    """Describe the job once (no waiting); with ``require_succeeded`` fail unless it SUCCEEDED."""
    client = lifecycle.client_for(args)
    if args.job_id is not None:
        job = describe_job(client, args.job_id)
    else:
        job = find_latest_succeeded(client, str(args.package_name), str(args.package_version))
    return require_succeeded(job) if args.require_succeeded is True else job


def unchecked_warning(job: ImportJob, args: LookupArgs) -> str | None:
    """A warning for a read that passes a job which did not SUCCEED only because ``require_succeeded`` was
    left out (the function's default is false, unlike the resource's); None otherwise."""
    if job.succeeded or args.require_succeeded is not None:
        return None
    return (
        f"{FUNCTION}: package import job {job.job_id} is {job.status} ({one_line(job.status_message, 120)}), "
        f"and {named(p.REQUIRE_SUCCEEDED)} is not set, so the read passes; set {named(p.REQUIRE_SUCCEEDED)} to "
        "true to fail instead."
    )
