"""Generated from components/core/table.py by `python -m components.codegen`; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True, kw_only=True)
class Inputs:
    """The inputs of a gate, parsed once at the edge of a front end (``values.parse_inputs``).

    None: not given.
    """

    job_id: str | None = None
    """An existing import job to track and gate on (track mode)."""
    input_s3_bucket: str | None = None
    """Bucket holding the package manifest to import."""
    input_s3_key: str | None = None
    """Object key of the package manifest."""
    input_s3_region: str | None = None
    """Region of the manifest bucket, if not the client's region."""
    output_package_name: str | None = None
    """Name of the node package to import into."""
    output_package_version: str | None = None
    """Package version to create, e.g. `1.0`."""
    job_type: str | None = None
    """NODE_PACKAGE_VERSION or MARKETPLACE_NODE_PACKAGE_VERSION. Default: NODE_PACKAGE_VERSION."""
    mark_latest: bool | None = None
    """Mark the imported patch as the latest. Default: false."""
    job_tags: dict[str, str] | None = None
    """Tags for the imported package (at most 50). Default: none."""
    client_token: str | None = None
    """Idempotency token; a new value forces a fresh import. Default: derived from the stack, name and inputs."""
    region: str | None = None
    """AWS region of the job. Default: stack config aws:region, then the AWS chain."""
    wait_timeout_seconds: float | None = None
    """How long to wait for a PENDING job; 0 checks once without waiting. Default: 1800."""
    poll_min_delay_seconds: float | None = None
    """Delay between status polls of a brand-new job; it grows by 10 % of the job's age. Default: 0.5."""
    poll_max_delay_seconds: float | None = None
    """Largest delay between status polls (at least the minimum delay). Default: 10."""
    require_succeeded: bool | None = None
    """Fail the deployment unless the job SUCCEEDED. Default: true."""
    profile: str | None = None
    """Named AWS profile. Default: stack config aws:profile, then the AWS chain."""
    endpoint_url: str | None = None
    """Panorama endpoint override, e.g. the local emulator. Default: AWS_ENDPOINT_URL_PANORAMA / AWS_ENDPOINT_URL."""
    resource_key: str | None = None
    """Where the gate lives (`project/stack/name`): two gates with equal inputs get distinct ClientTokens."""
    gate_on_read: bool = False
    """A gated read (`PackageImportJob.get`): the read waits and gates, and finds no job gone."""
    unknown: frozenset[str] = frozenset()
    """Inputs whose values are not known yet (`pulumi preview`); their fields hold None."""


@dataclass(frozen=True, kw_only=True)
class State:
    """A gate's stored state: each property's value (read off the job, or the input echoed), the
    recorded identity of its job, and what the front end added."""

    job_id: str | None = None
    """The import job's ID."""
    input_s3_bucket: str | None = None
    """Bucket of the imported manifest."""
    input_s3_key: str | None = None
    """Key of the imported manifest."""
    input_s3_region: str | None = None
    """Region of the manifest bucket, when reported."""
    output_package_name: str | None = None
    """Requested output package name."""
    output_package_version: str | None = None
    """Requested output package version."""
    job_type: str | None = None
    """NODE_PACKAGE_VERSION or MARKETPLACE_NODE_PACKAGE_VERSION."""
    mark_latest: bool | None = None
    """Whether the patch was to be marked latest."""
    job_tags: dict[str, str] | None = None
    """Tags applied to the imported package."""
    client_token: str | None = None
    """The idempotency token the job was created with."""
    region: str | None = None
    """AWS region of the job."""
    wait_timeout_seconds: float | None = None
    """How long to wait for a PENDING job; 0 checks once without waiting."""
    poll_min_delay_seconds: float | None = None
    """Delay between status polls of a brand-new job; it grows by 10 % of the job's age."""
    poll_max_delay_seconds: float | None = None
    """Largest delay between status polls (at least the minimum delay)."""
    require_succeeded: bool | None = None
    """Fail the deployment unless the job SUCCEEDED."""
    profile: str | None = None
    """Named AWS profile."""
    endpoint_url: str | None = None
    """Panorama endpoint override, e.g. the local emulator."""
    status: str | None = None
    """PENDING, SUCCEEDED or FAILED."""
    status_message: str | None = None
    """The service's explanation of the status."""
    created_time: str | None = None
    """When the job was created (ISO 8601, UTC)."""
    last_updated_time: str | None = None
    """When the job last changed (ISO 8601, UTC)."""
    package_id: str | None = None
    """ID of the package the job imported into."""
    package_version: str | None = None
    """Package version the job produced."""
    patch_version: str | None = None
    """Patch version the job produced."""
    output_s3_bucket: str | None = None
    """Bucket where Panorama stored the imported package."""
    output_s3_key: str | None = None
    """Object key of the imported package."""
    output_s3_uri: str | None = None
    """`s3://bucket/key` of the imported package."""
    resource_key: str | None = None
    """Where the gate lives (`project/stack/name`)."""
    gate_on_read: bool = False
    """Stored by a gated read (`PackageImportJob.get`)."""
    record: Mapping[str, Any] | None = field(default=None)
    """The identity of the job, recorded when the gate was created (`inputs`; see ``migrations``)."""


@dataclass(frozen=True, kw_only=True)
class LookupArgs:
    """The arguments of the function `getPackageImportJob`."""

    job_id: str | None = None
    """The import job to read. Give this, or packageName and packageVersion."""
    region: str | None = None
    """AWS region of the job."""
    require_succeeded: bool | None = None
    """Fail the preview or update unless the job SUCCEEDED (default false for the function)."""
    profile: str | None = None
    """Named AWS profile."""
    endpoint_url: str | None = None
    """Panorama endpoint override, e.g. the local emulator."""
    package_version: str | None = None
    """With packageName: the package version, e.g. `1.0`."""
    package_name: str | None = None
    """With packageVersion: read the newest SUCCEEDED job that produced it."""


class Steering(Protocol):
    """What steers a wait and a gate, whether read from inputs, a stored state or a lookup's arguments."""

    @property
    def wait_timeout_seconds(self) -> float | None: ...

    @property
    def poll_min_delay_seconds(self) -> float | None: ...

    @property
    def poll_max_delay_seconds(self) -> float | None: ...

    @property
    def require_succeeded(self) -> bool | None: ...

    @property
    def profile(self) -> str | None: ...

    @property
    def endpoint_url(self) -> str | None: ...
