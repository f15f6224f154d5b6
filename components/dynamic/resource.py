"""`PackageImportJob`: a Pulumi resource that gates a deployment on a Panorama package import job."""

from __future__ import annotations

import difflib
from dataclasses import fields
from typing import TYPE_CHECKING, Any, Self

import pulumi
from pulumi.dynamic import Resource

from ..core import table as p
from ..core.job import SUCCEEDED
from ..provider import PackageImportJobProvider
from .surface import PackageImportJobArgs, PackageImportJobSurface

__all__ = ["PackageImportJob", "PackageImportJobArgs"]


class PackageImportJob(PackageImportJobSurface, Resource):
    """A Panorama package import job that a deployment depends on.

    ``pulumi up`` fails unless the job SUCCEEDED (unless ``require_succeeded=False``),
    so resources that use its outputs are deployed only on a good import. Deleting
    the resource never deletes anything in Panorama. The constructor and ``get`` take
    explicit keyword arguments (generated from the property table into ``surface.py``).

    ## Example Usage

    ```python
    from panorama_import_gate import PackageImportJob  # `components` inside this repository

    job = PackageImportJob("camera-app", job_id="pij-0123456789abcdef")
    pulumi.export("packageVersion", job.package_version)
    ```
    """

    if not TYPE_CHECKING:  # type checkers see the generated signatures, which already refuse a wrong keyword

        def __init__(self, resource_name, args=None, opts=None, **kwargs):
            _refuse_unknown(type(self).__name__, kwargs, _INPUTS)
            if args is not None and not isinstance(args, PackageImportJobArgs):
                raise TypeError(
                    f"{type(self).__name__}() takes its inputs as keywords (job_id=...) or as "
                    f"args=PackageImportJobArgs(...), not {type(args).__name__}"
                )
            super().__init__(resource_name, args, opts, **kwargs)

        @classmethod
        def get(cls, resource_name, id, opts=None, **kwargs):  # noqa: A002 - Pulumi's name
            _refuse_unknown(f"{cls.__name__}.get", kwargs, _LOOKUP_INPUTS)
            return super().get(resource_name, id, opts, **kwargs)

    def _register(
        self,
        resource_name: str,
        args: PackageImportJobArgs | None,
        opts: pulumi.ResourceOptions | None,
        given: dict[str, Any],
    ) -> None:
        if args is not None and given:
            raise TypeError("pass either args=PackageImportJobArgs(...) or keyword arguments, not both")
        resolved = args or PackageImportJobArgs(**given)
        props = self._props(resource_name, resolved, gate_on_read=False)
        Resource.__init__(self, PackageImportJobProvider(), resource_name, props, _with_secret_record(opts))
        self._warn_unless_succeeded(resolved.require_succeeded)

    @staticmethod
    def _props(resource_name: str, args: PackageImportJobArgs, gate_on_read: bool) -> dict[str, Any]:
        props: dict[str, Any] = dict.fromkeys((*p.JOB_OUTPUT_KEYS, p.INPUTS))
        # A shallow copy: `dataclasses.asdict` would deep-copy the values, and an Output
        # (a StackReference value, another resource's attribute) cannot be copied.
        props.update({f.name: getattr(args, f.name) for f in fields(args)})
        props[p.RESOURCE_KEY] = p.resource_key(pulumi.get_project(), pulumi.get_stack(), resource_name)
        props[p.GATE_ON_READ] = gate_on_read
        return props

    def _warn_unless_succeeded(self, require_succeeded: pulumi.Input[bool] | None) -> None:
        """With gating off, a non-SUCCEEDED job is a warning in `pulumi up`, like a Terraform check block."""

        def warn(values: list[Any]) -> None:
            status, message, job_id, gate = values
            if gate is False and status and status != SUCCEEDED:
                pulumi.log.warn(
                    f"Package import job {job_id} is {status} ({message}); require_succeeded is false, "
                    "so the deployment continues.",
                    resource=self,
                )

        pulumi.Output.all(self.status, self.status_message, self.job_id, require_succeeded).apply(warn)

    @classmethod
    def _lookup(
        cls,
        resource_name: str,
        job_id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None,
        given: dict[str, Any],
    ) -> Self:
        args = PackageImportJobArgs(**given)
        resource = cls.__new__(cls)
        props = cls._props(resource_name, args, gate_on_read=True)
        Resource.__init__(
            resource,
            PackageImportJobProvider(),
            resource_name,
            props,
            pulumi.ResourceOptions.merge(_with_secret_record(opts), pulumi.ResourceOptions(id=job_id)),
        )
        resource._warn_unless_succeeded(args.require_succeeded)
        return resource


_INPUTS = tuple(f.name for f in fields(PackageImportJobArgs))
_LOOKUP_INPUTS = p.LOOKUP_KEYS


def _refuse_unknown(call: str, given: dict[str, Any], accepted: tuple[str, ...]) -> None:
    """A keyword the call does not take: one TypeError naming the class users wrote, and the closest input."""
    for name in given:
        if name not in accepted:
            close = difflib.get_close_matches(name, accepted, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; it takes {', '.join(accepted)}"
            raise TypeError(f"{call}() got an unexpected keyword argument {name!r}{hint}")


def _with_secret_record(opts: pulumi.ResourceOptions | None) -> pulumi.ResourceOptions:
    """Keep the recorded identity (the ``inputs`` output) encrypted in state.

    It holds the creation inputs, tags and ClientToken among them. The engine re-marks a dynamic
    provider's output secret only when a secret input had the same top-level name, so a nested copy
    would be stored in plain text; the record is therefore always secret. It is internal (the gate's
    diffs read it), so nothing a program consumes changes. Stacks written before this are encrypted
    on their next `pulumi up`, which marks the outputs of every resource it registers.
    """
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(additional_secret_outputs=[p.INPUTS]))
