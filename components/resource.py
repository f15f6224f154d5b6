"""`PackageImportJob`: a Pulumi resource that gates a deployment on a Panorama package import job."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from . import properties as p
from .provider import PackageImportJobProvider


@dataclass(frozen=True, kw_only=True)
class PackageImportJobArgs:
    """Inputs of a PackageImportJob. Give ``job_id`` to track an existing job, or the
    creation inputs (``input_s3_bucket``, ``input_s3_key``, ``output_package_name``,
    ``output_package_version``) to start one."""

    job_id: pulumi.Input[str] | None = None
    """An existing import job to track and gate on."""
    input_s3_bucket: pulumi.Input[str] | None = None
    """Bucket holding the package manifest to import (create mode)."""
    input_s3_key: pulumi.Input[str] | None = None
    """Object key of the package manifest (create mode)."""
    input_s3_region: pulumi.Input[str] | None = None
    """Region of the manifest bucket, if not the client's region."""
    output_package_name: pulumi.Input[str] | None = None
    """Name of the node package to import into (create mode)."""
    output_package_version: pulumi.Input[str] | None = None
    """Package version to create, e.g. ``1.0`` (create mode)."""
    job_type: pulumi.Input[str] | None = None
    """NODE_PACKAGE_VERSION (default) or MARKETPLACE_NODE_PACKAGE_VERSION."""
    mark_latest: pulumi.Input[bool] | None = None
    """Mark the imported patch as the latest."""
    job_tags: pulumi.Input[dict[str, str]] | None = None
    """Tags for the imported package (at most 50)."""
    client_token: pulumi.Input[str] | None = None
    """Idempotency token; derived from the resource and its inputs when omitted."""
    wait_timeout_seconds: pulumi.Input[float] | None = None
    """How long to wait for a PENDING job (default 1800)."""
    poll_min_delay_seconds: pulumi.Input[float] | None = None
    """Delay between status polls of a brand-new job; it grows by 10 % of the job's age (default 0.5)."""
    poll_max_delay_seconds: pulumi.Input[float] | None = None
    """Largest delay between status polls (default 10)."""
    require_succeeded: pulumi.Input[bool] | None = None
    """Fail the deployment unless the job SUCCEEDED (default true)."""
    region: pulumi.Input[str] | None = None
    """AWS region; else stack config `aws:region`, else the AWS chain."""
    profile: pulumi.Input[str] | None = None
    """AWS profile; else stack config `aws:profile`, else the AWS chain."""
    endpoint_url: pulumi.Input[str] | None = None
    """Panorama endpoint override (e.g. the local emulator)."""


class PackageImportJob(Resource):
    """A Panorama package import job that a deployment depends on.

    ``pulumi up`` fails unless the job SUCCEEDED (unless ``require_succeeded=False``),
    so resources that use its outputs are deployed only on a good import. Deleting
    the resource never deletes anything in Panorama.

    ## Example Usage

    ```python
    from panorama_import_gate import PackageImportJob  # `components` inside this repository

    job = PackageImportJob("camera-app", job_id="pij-0123456789abcdef")
    pulumi.export("packageVersion", job.package_version)
    ```
    """

    job_id: pulumi.Output[str]
    """The import job's ID."""
    status: pulumi.Output[str]
    """PENDING, SUCCEEDED or FAILED."""
    status_message: pulumi.Output[str]
    """The service's explanation of the status."""
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
    """``s3://bucket/key`` of the imported package."""
    job_type: pulumi.Output[str]
    """NODE_PACKAGE_VERSION or MARKETPLACE_NODE_PACKAGE_VERSION."""
    created_time: pulumi.Output[str]
    """When the job was created (ISO 8601, UTC)."""
    last_updated_time: pulumi.Output[str]
    """When the job last changed (ISO 8601, UTC)."""
    client_token: pulumi.Output[str | None]
    """The idempotency token the job was created with."""
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
    mark_latest: pulumi.Output[bool | None]
    """Whether the patch was to be marked latest."""
    job_tags: pulumi.Output[dict[str, str] | None]
    """Tags applied to the imported package."""

    def __init__(
        self,
        resource_name: str,
        args: PackageImportJobArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        if args is not None and kwargs:
            raise TypeError("pass either args=PackageImportJobArgs(...) or keyword arguments, not both")
        try:
            resolved = args or PackageImportJobArgs(**kwargs)
        except TypeError as exc:
            raise TypeError(f"PackageImportJob {resource_name!r}: {exc}") from None
        props = self._props(resource_name, resolved, gate_on_read=False)
        super().__init__(PackageImportJobProvider(), resource_name, props, opts)
        self._warn_unless_succeeded(resolved.require_succeeded)

    @staticmethod
    def _props(resource_name: str, args: PackageImportJobArgs, gate_on_read: bool) -> dict[str, Any]:
        props: dict[str, Any] = dict.fromkeys((*p.JOB_OUTPUT_KEYS, p.INPUTS))
        # A shallow copy: `dataclasses.asdict` would deep-copy the values, and an Output
        # (a StackReference value, another resource's attribute) cannot be copied.
        props.update({f.name: getattr(args, f.name) for f in fields(args)})
        props[p.RESOURCE_KEY] = f"{pulumi.get_project()}/{pulumi.get_stack()}/{resource_name}"
        props[p.GATE_ON_READ] = gate_on_read
        return props

    def _warn_unless_succeeded(self, require_succeeded: pulumi.Input[bool] | None) -> None:
        """With gating off, a non-SUCCEEDED job is a warning in `pulumi up`, like a Terraform check block."""

        def warn(values: list[Any]) -> None:
            status, message, job_id, gate = values
            if gate is False and status and status != "SUCCEEDED":
                pulumi.log.warn(
                    f"Package import job {job_id} is {status} ({message}); require_succeeded is false, "
                    "so the deployment continues.",
                    resource=self,
                )

        pulumi.Output.all(self.status, self.status_message, self.job_id, require_succeeded).apply(warn)

    @staticmethod
    def get(
        resource_name: str,
        id: pulumi.Input[str],  # noqa: A002 - Pulumi's naming for resource lookups
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> PackageImportJob:
        """Look up an existing import job by ID through the provider's ``read``; the lookup
        waits for a PENDING job and fails unless it SUCCEEDED (``require_succeeded``)."""
        args = PackageImportJobArgs(**kwargs)
        resource = PackageImportJob.__new__(PackageImportJob)
        props = PackageImportJob._props(resource_name, args, gate_on_read=True)
        Resource.__init__(
            resource,
            PackageImportJobProvider(),
            resource_name,
            props,
            pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id)),
        )
        resource._warn_unless_succeeded(args.require_succeeded)
        return resource
