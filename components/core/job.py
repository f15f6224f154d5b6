"""The typed form of a DescribePackageImportJob response."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

PENDING = "PENDING"
SUCCEEDED = "SUCCEEDED"
FAILED = "FAILED"
TERMINAL = (SUCCEEDED, FAILED)


def _utc(value: datetime) -> datetime:
    """Timestamps are always timezone-aware, in UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


@dataclass(frozen=True)
class S3Location:
    """An S3 object reference."""

    bucket: str
    """Bucket name."""
    key: str
    """Object key."""
    region: str | None = None
    """Bucket region, when the API reports one (input locations only)."""

    @property
    def uri(self) -> str:
        return f"s3://{self.bucket}/{self.key}"


@dataclass(frozen=True)
class JobTag:
    """One JobTags entry: the tags applied to a resource the job creates."""

    resource_type: str
    """Resource type the tags apply to (``PACKAGE``)."""
    tags: tuple[tuple[str, str], ...]
    """Tag key/value pairs, sorted by key."""


@dataclass(frozen=True)
class ImportJob:
    """A package import job, as DescribePackageImportJob reports it."""

    job_id: str
    """The job's ID."""
    status: str
    """PENDING, SUCCEEDED or FAILED."""
    status_message: str
    """The service's explanation of the status."""
    job_type: str
    """NODE_PACKAGE_VERSION or MARKETPLACE_NODE_PACKAGE_VERSION."""
    created_time: datetime
    """When the job was created (UTC)."""
    last_updated_time: datetime
    """When the job last changed (UTC)."""
    package_id: str
    """ID of the package the job imports into."""
    package_version: str
    """Package version the job produced, e.g. ``1.0``."""
    patch_version: str
    """Patch version the job produced (lowercase hex)."""
    output_s3: S3Location
    """Where the service stored the imported package."""
    input_s3: S3Location | None = None
    """The manifest location the job imported from, when the job type has one."""
    output_package_name: str | None = None
    """Requested output package name (OutputConfig)."""
    output_package_version: str | None = None
    """Requested output package version (OutputConfig)."""
    mark_latest: bool | None = None
    """Whether the new patch was to be marked latest (OutputConfig)."""
    client_token: str | None = None
    """The idempotency token the job was created with, when reported."""
    job_tags: tuple[JobTag, ...] | None = None
    """Tags applied to the created resources, when reported."""

    @property
    def succeeded(self) -> bool:
        return self.status == SUCCEEDED

    @property
    def done(self) -> bool:
        return self.status in TERMINAL

    @classmethod
    def from_api(cls, response: Mapping[str, Any]) -> ImportJob:
        """Build from a DescribePackageImportJob response; required members use ``[]``."""
        output = response["Output"]
        location = output["OutputS3Location"]
        input_cfg = (response["InputConfig"] or {}).get("PackageVersionInputConfig")
        source = input_cfg["S3Location"] if input_cfg else None
        output_cfg = (response["OutputConfig"] or {}).get("PackageVersionOutputConfig") or {}
        raw_tags = response.get("JobTags")
        return cls(
            job_id=response["JobId"],
            status=response["Status"],
            status_message=response["StatusMessage"],
            job_type=response["JobType"],
            created_time=_utc(response["CreatedTime"]),
            last_updated_time=_utc(response["LastUpdatedTime"]),
            package_id=output["PackageId"],
            package_version=output["PackageVersion"],
            patch_version=output["PatchVersion"],
            output_s3=S3Location(location["BucketName"], location["ObjectKey"]),
            input_s3=S3Location(source["BucketName"], source["ObjectKey"], source.get("Region")) if source else None,
            output_package_name=output_cfg.get("PackageName"),
            output_package_version=output_cfg.get("PackageVersion"),
            mark_latest=output_cfg.get("MarkLatest"),
            client_token=response.get("ClientToken"),
            job_tags=(
                tuple(JobTag(t["ResourceType"], tuple(sorted(t["Tags"].items()))) for t in raw_tags)
                if raw_tags is not None
                else None
            ),
        )

    def tags(self) -> dict[str, str] | None:
        """All job tags as one mapping (the only JobTags resource type is PACKAGE), or None if unreported."""
        if self.job_tags is None:
            return None
        return {key: value for entry in self.job_tags for key, value in entry.tags}
