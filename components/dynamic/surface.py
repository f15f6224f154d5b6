"""Generated from components/core/table.py by `python -m components.codegen`; do not edit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

import pulumi


@dataclass(frozen=True, kw_only=True)
class PackageImportJobArgs:
    """Inputs of a PackageImportJob. Give ``job_id`` to track an existing job, or the
    creation inputs to start one:
    ``input_s3_bucket``, ``input_s3_key``, ``output_package_name``, ``output_package_version``.
    """

    job_id: pulumi.Input[str] | None = None
    """An existing import job to track and gate on (track mode)."""
    input_s3_bucket: pulumi.Input[str] | None = None
    """Bucket holding the package manifest to import."""
    input_s3_key: pulumi.Input[str] | None = None
    """Object key of the package manifest."""
    input_s3_region: pulumi.Input[str] | None = None
    """Region of the manifest bucket, if not the client's region."""
    output_package_name: pulumi.Input[str] | None = None
    """Name of the node package to import into."""
    output_package_version: pulumi.Input[str] | None = None
    """Package version to create, e.g. `1.0`."""
    job_type: pulumi.Input[str] | None = None
    """NODE_PACKAGE_VERSION or MARKETPLACE_NODE_PACKAGE_VERSION. Default: NODE_PACKAGE_VERSION."""
    mark_latest: pulumi.Input[bool] | None = None
    """Mark the imported patch as the latest. Default: false."""
    job_tags: pulumi.Input[dict[str, str]] | None = None
    """Tags for the imported package (at most 50). Default: none."""
    client_token: pulumi.Input[str] | None = None
    """Idempotency token; a new value forces a fresh import. Default: derived from the stack, name and inputs."""
    region: pulumi.Input[str] | None = None
    """AWS region of the job. Default: stack config aws:region, then the AWS chain."""
    wait_timeout_seconds: pulumi.Input[float] | None = None
    """How long to wait for a PENDING job; 0 checks once without waiting. Default: 1800."""
    poll_min_delay_seconds: pulumi.Input[float] | None = None
    """Delay between status polls of a brand-new job; it grows by 10 % of the job's age. Default: 0.5."""
    poll_max_delay_seconds: pulumi.Input[float] | None = None
    """Largest delay between status polls (at least the minimum delay). Default: 10."""
    require_succeeded: pulumi.Input[bool] | None = None
    """Fail the deployment unless the job SUCCEEDED. Default: true."""
    profile: pulumi.Input[str] | None = None
    """Named AWS profile. Default: stack config aws:profile, then the AWS chain."""
    endpoint_url: pulumi.Input[str] | None = None
    """Panorama endpoint override, e.g. the local emulator. Default: AWS_ENDPOINT_URL_PANORAMA / AWS_ENDPOINT_URL."""


class PackageImportJobOutputs:
    """The typed output attributes of a PackageImportJob."""

    job_id: pulumi.Output[str]
    """The import job's ID."""
    input_s3_bucket: pulumi.Output[str | None]
    """Bucket of the imported manifest."""
    input_s3_key: pulumi.Output[str | None]
    """Key of the imported manifest."""
    input_s3_region: pulumi.Output[str | None]
    """Region of the manifest bucket, when reported."""
    output_package_name: pulumi.Output[str | None]
    """Requested output package name."""
    output_package_version: pulumi.Output[str | None]
    """Requested output package version."""
    job_type: pulumi.Output[str]
    """NODE_PACKAGE_VERSION or MARKETPLACE_NODE_PACKAGE_VERSION."""
    mark_latest: pulumi.Output[bool | None]
    """Whether the patch was to be marked latest."""
    job_tags: pulumi.Output[dict[str, str] | None]
    """Tags applied to the imported package."""
    client_token: pulumi.Output[str | None]
    """The idempotency token the job was created with."""
    status: pulumi.Output[str]
    """PENDING, SUCCEEDED or FAILED."""
    status_message: pulumi.Output[str]
    """The service's explanation of the status."""
    created_time: pulumi.Output[str]
    """When the job was created (ISO 8601, UTC)."""
    last_updated_time: pulumi.Output[str]
    """When the job last changed (ISO 8601, UTC)."""
    package_id: pulumi.Output[str]
    """ID of the package the job imported into."""
    package_version: pulumi.Output[str]
    """Package version the job produced."""
    patch_version: pulumi.Output[str]
    """Patch version the job produced."""
    output_s3_bucket: pulumi.Output[str]
    """Bucket where Panorama stored the imported package."""
    output_s3_key: pulumi.Output[str]
    """Object key of the imported package."""
    output_s3_uri: pulumi.Output[str]
    """`s3://bucket/key` of the imported package."""


class PackageImportJobSurface(PackageImportJobOutputs):
    """The typed constructor and ``get`` of a PackageImportJob; its behaviour is in ``resource.py``."""

    def __init__(
        self,
        resource_name: str,
        args: PackageImportJobArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        job_id: pulumi.Input[str] | None = None,
        input_s3_bucket: pulumi.Input[str] | None = None,
        input_s3_key: pulumi.Input[str] | None = None,
        input_s3_region: pulumi.Input[str] | None = None,
        output_package_name: pulumi.Input[str] | None = None,
        output_package_version: pulumi.Input[str] | None = None,
        job_type: pulumi.Input[str] | None = None,
        mark_latest: pulumi.Input[bool] | None = None,
        job_tags: pulumi.Input[dict[str, str]] | None = None,
        client_token: pulumi.Input[str] | None = None,
        region: pulumi.Input[str] | None = None,
        wait_timeout_seconds: pulumi.Input[float] | None = None,
        poll_min_delay_seconds: pulumi.Input[float] | None = None,
        poll_max_delay_seconds: pulumi.Input[float] | None = None,
        require_succeeded: pulumi.Input[bool] | None = None,
        profile: pulumi.Input[str] | None = None,
        endpoint_url: pulumi.Input[str] | None = None,
    ) -> None:
        """Gate the deployment on a Panorama package import job: `pulumi up` fails unless it SUCCEEDED.

        Give ``job_id`` to track a job, or the creation inputs to start one; either as keywords or as
        ``args=PackageImportJobArgs(...)``, not both.

        :param resource_name: The resource's name in the stack.
        :param args: All inputs at once, instead of the keywords.
        :param opts: Pulumi resource options.
        :param job_id: An existing import job to track and gate on (track mode).
        :param input_s3_bucket: Bucket holding the package manifest to import.
        :param input_s3_key: Object key of the package manifest.
        :param input_s3_region: Region of the manifest bucket, if not the client's region.
        :param output_package_name: Name of the node package to import into.
        :param output_package_version: Package version to create, e.g. `1.0`.
        :param job_type: NODE_PACKAGE_VERSION or MARKETPLACE_NODE_PACKAGE_VERSION. Default:
            NODE_PACKAGE_VERSION.
        :param mark_latest: Mark the imported patch as the latest. Default: false.
        :param job_tags: Tags for the imported package (at most 50). Default: none.
        :param client_token: Idempotency token; a new value forces a fresh import. Default: derived from the
            stack, name and inputs.
        :param region: AWS region of the job. Default: stack config aws:region, then the AWS chain.
        :param wait_timeout_seconds: How long to wait for a PENDING job; 0 checks once without waiting.
            Default: 1800.
        :param poll_min_delay_seconds: Delay between status polls of a brand-new job; it grows by 10 % of the
            job's age. Default: 0.5.
        :param poll_max_delay_seconds: Largest delay between status polls (at least the minimum delay).
            Default: 10.
        :param require_succeeded: Fail the deployment unless the job SUCCEEDED. Default: true.
        :param profile: Named AWS profile. Default: stack config aws:profile, then the AWS chain.
        :param endpoint_url: Panorama endpoint override, e.g. the local emulator. Default:
            AWS_ENDPOINT_URL_PANORAMA / AWS_ENDPOINT_URL.
        """
        given = {
            "job_id": job_id,
            "input_s3_bucket": input_s3_bucket,
            "input_s3_key": input_s3_key,
            "input_s3_region": input_s3_region,
            "output_package_name": output_package_name,
            "output_package_version": output_package_version,
            "job_type": job_type,
            "mark_latest": mark_latest,
            "job_tags": job_tags,
            "client_token": client_token,
            "region": region,
            "wait_timeout_seconds": wait_timeout_seconds,
            "poll_min_delay_seconds": poll_min_delay_seconds,
            "poll_max_delay_seconds": poll_max_delay_seconds,
            "require_succeeded": require_succeeded,
            "profile": profile,
            "endpoint_url": endpoint_url,
        }
        self._register(resource_name, args, opts, {k: v for k, v in given.items() if v is not None})

    def _register(
        self,
        resource_name: str,
        args: PackageImportJobArgs | None,
        opts: pulumi.ResourceOptions | None,
        given: dict[str, Any],
    ) -> None:
        raise NotImplementedError

    @classmethod
    def get(
        cls,
        resource_name: str,
        id: pulumi.Input[str],  # noqa: A002 - Pulumi's name for a resource lookup's ID
        opts: pulumi.ResourceOptions | None = None,
        *,
        region: pulumi.Input[str] | None = None,
        wait_timeout_seconds: pulumi.Input[float] | None = None,
        poll_min_delay_seconds: pulumi.Input[float] | None = None,
        poll_max_delay_seconds: pulumi.Input[float] | None = None,
        require_succeeded: pulumi.Input[bool] | None = None,
        profile: pulumi.Input[str] | None = None,
        endpoint_url: pulumi.Input[str] | None = None,
    ) -> Self:
        """Look up an existing import job by ID through the provider's read, during `pulumi preview`
        too. The lookup is a gate: it waits while the job is PENDING (up to ``wait_timeout_seconds``,
        1800 s unless given, which holds the preview that long) and fails unless it SUCCEEDED
        (unless ``require_succeeded=False``).

        :param resource_name: The resource's name in the stack.
        :param id: The import job's ID.
        :param opts: Pulumi resource options.
        :param region: AWS region of the job. Default: stack config aws:region, then the AWS chain.
        :param wait_timeout_seconds: How long to wait for a PENDING job; 0 checks once without waiting.
            Default: 1800.
        :param poll_min_delay_seconds: Delay between status polls of a brand-new job; it grows by 10 % of the
            job's age. Default: 0.5.
        :param poll_max_delay_seconds: Largest delay between status polls (at least the minimum delay).
            Default: 10.
        :param require_succeeded: Fail the deployment unless the job SUCCEEDED. Default: true.
        :param profile: Named AWS profile. Default: stack config aws:profile, then the AWS chain.
        :param endpoint_url: Panorama endpoint override, e.g. the local emulator. Default:
            AWS_ENDPOINT_URL_PANORAMA / AWS_ENDPOINT_URL.
        """
        given = {
            "region": region,
            "wait_timeout_seconds": wait_timeout_seconds,
            "poll_min_delay_seconds": poll_min_delay_seconds,
            "poll_max_delay_seconds": poll_max_delay_seconds,
            "require_succeeded": require_succeeded,
            "profile": profile,
            "endpoint_url": endpoint_url,
        }
        return cls._lookup(resource_name, id, opts, {k: v for k, v in given.items() if v is not None})

    @classmethod
    def _lookup(
        cls,
        resource_name: str,
        job_id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None,
        given: dict[str, Any],
    ) -> Self:
        raise NotImplementedError
