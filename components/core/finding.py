"""Finding the import job that produced a package version (the CLI's `find`, and `getPackageImportJob`)."""

from __future__ import annotations

from typing import Any

from .client import PanoramaClient, call_to
from .error_map import mapped, unreadable_answer
from .errors import PackageJobNotFoundError
from .job import SUCCEEDED, ImportJob
from .rules import PACKAGE_NAME, PACKAGE_VERSION, check
from .waiting import describe_job


def find_latest_succeeded(client: PanoramaClient, package_name: str, package_version: str) -> ImportJob:
    """The newest SUCCEEDED import job whose output is ``package_name`` at ``package_version``.

    ListPackageImportJobs reports no output configuration, so SUCCEEDED candidates
    are described newest first until one matches.
    """
    check("package_name", package_name, PACKAGE_NAME)
    check("package_version", package_version, PACKAGE_VERSION)
    candidates: list[dict[str, Any]] = []
    token: str | None = None
    call = call_to(client, "ListPackageImportJobs")
    while True:
        with mapped(call):
            page = client.list_package_import_jobs(MaxResults=25, **({"NextToken": token} if token else {}))
        if "PackageImportJobs" not in page:
            raise unreadable_answer(call, page, "no PackageImportJobs")
        candidates.extend(j for j in page.get("PackageImportJobs", []) if j.get("Status") == SUCCEEDED)
        token = page.get("NextToken")
        if not token:
            break
    candidates.sort(key=lambda j: (j.get("CreatedTime") or 0, j.get("JobId", "")), reverse=True)
    for summary in candidates:
        job = describe_job(client, summary["JobId"])
        if job.succeeded and (job.output_package_name, job.output_package_version) == (package_name, package_version):
            return job
    raise PackageJobNotFoundError(package_name, package_version)
