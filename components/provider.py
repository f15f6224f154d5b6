"""The Pulumi dynamic provider behind ``PackageImportJob``.

The engine runs it in its own process (``python -m pulumi.dynamic``) and finds
this class by reference, so this module must keep its name and import without
side effects. The instance is pickled into state: it holds only the region and
profile names read from stack config, never a client, session or credential.
"""

from __future__ import annotations

import math
import sys
from typing import Any

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from . import properties as p
from .backoff import Backoff
from .client import ClientSettings, resolve_region, shared_client
from .errors import InvalidInputError, JobNotFoundError, PanoramaGateError, WaitTimeoutError
from .identity import (
    Defaults,
    contains_unknown,
    derive_client_token,
    effective_identity,
    recheck_needed,
    recorded_identity,
    replaced_keys,
    updated_keys,
)
from .importing import start_import
from .job import SUCCEEDED, ImportJob
from .validation import check, check_job_type, check_tags
from .waiting import Waiter, describe_job, require_succeeded, wait_for_job

__all__ = ["PackageImportJobProvider", "derive_client_token", "validate_inputs"]


def _known(value: Any) -> bool:
    return value is not None and not contains_unknown(value)


def _seconds(value: Any) -> bool:
    """A usable duration: a finite, non-negative number (NaN would make a wait endless)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0


def validate_inputs(news: dict[str, Any]) -> list[CheckFailure]:
    """Service-model and shape rules for the resource inputs; unknown values are skipped (preview)."""
    failures: list[CheckFailure] = []

    def guard(name: str, fn: Any, *args: Any) -> None:
        value = news.get(name)
        if not _known(value):
            return
        try:
            fn(*args) if args else fn(value)
        except InvalidInputError as exc:
            failures.append(CheckFailure(name, str(exc)))

    has_job_id = news.get(p.JOB_ID) is not None
    creation_given = [k for k in p.CREATION_REQUIRED if news.get(k) is not None]
    if has_job_id and creation_given:
        failures.append(
            CheckFailure(p.JOB_ID, f"give either job_id or the creation inputs ({', '.join(creation_given)}), not both")
        )
    elif has_job_id:
        failures.extend(
            CheckFailure(k, f"{k} only applies when creating an import job; remove it, or remove job_id")
            for k in p.CREATION_ONLY
            if news.get(k) is not None
        )
    else:
        failures.extend(
            CheckFailure(k, f"{k} is required to create an import job when job_id is not given")
            for k in p.CREATION_REQUIRED
            if news.get(k) is None
        )
    guard(p.JOB_ID, lambda v: check("job_id", v))
    guard(p.CLIENT_TOKEN, lambda v: check("client_token", v))
    guard(p.INPUT_S3_BUCKET, lambda v: check("input_s3_bucket", v, "bucket"))
    guard(p.INPUT_S3_KEY, lambda v: check("input_s3_key", v, "key"))
    guard(p.INPUT_S3_REGION, lambda v: check("input_s3_region", v, "region"))
    guard(p.OUTPUT_PACKAGE_NAME, lambda v: check("output_package_name", v, "package_name"))
    guard(p.OUTPUT_PACKAGE_VERSION, lambda v: check("output_package_version", v, "package_version"))
    guard(p.JOB_TYPE, check_job_type)
    guard(p.JOB_TAGS, check_tags)
    for name in (p.WAIT_TIMEOUT, p.POLL_MIN_DELAY, p.POLL_MAX_DELAY):
        value = news.get(name)
        if _known(value) and not _seconds(value):
            failures.append(CheckFailure(name, f"{name} must be a finite number of seconds >= 0, not {value!r}"))
    for name in (p.REQUIRE_SUCCEEDED, p.MARK_LATEST):
        value = news.get(name)
        if _known(value) and not isinstance(value, bool):
            failures.append(CheckFailure(name, f"{name} must be true or false, not {value!r}"))
    return failures


class PackageImportJobProvider(ResourceProvider):
    """Track, look up, or create a Panorama package import job, and gate on SUCCEEDED.

    ``delete`` never deletes anything in Panorama: import jobs cannot be deleted,
    so removing the resource only forgets the job.
    """

    #: Filled from stack config (`aws:region`, `aws:profile`) in `configure`; plain names, never secrets.
    config_region: str | None = None
    config_profile: str | None = None

    def configure(self, req: ConfigureRequest) -> None:
        _install_one_line_errors()
        region = req.config.get("aws:region")
        profile = req.config.get("aws:profile")
        self.config_region = region if isinstance(region, str) and region else None
        self.config_profile = profile if isinstance(profile, str) and profile else None

    # -- helpers -----------------------------------------------------------------
    def _client(self, props: dict[str, Any], recorded_region: str | None = None) -> Any:
        """A client for the inputs; a recorded job is looked up where it was created (``recorded_region``)."""
        return shared_client(
            ClientSettings(
                region=recorded_region or props.get(p.REGION) or self.config_region,
                profile=props.get(p.PROFILE) or self.config_profile,
                endpoint_url=props.get(p.ENDPOINT_URL) or None,
            )
        )

    def _defaults(self, news: dict[str, Any]) -> Defaults:
        """What stands in for inputs the program left out: stack config, then the AWS chain."""
        profile = news.get(p.PROFILE) or self.config_profile
        region = self.config_region
        if region is None and news.get(p.REGION) is None and not contains_unknown(profile):
            region = resolve_region(None, profile)
        return Defaults(region=region, profile=self.config_profile)

    @staticmethod
    def _waiter(props: dict[str, Any]) -> Waiter:
        min_delay = float(props.get(p.POLL_MIN_DELAY) or Backoff.min_delay)
        max_delay = max(min_delay, float(props.get(p.POLL_MAX_DELAY) or Backoff.max_delay))
        timeout = props.get(p.WAIT_TIMEOUT)
        return Waiter(
            timeout=float(p.DEFAULT_WAIT_TIMEOUT if timeout is None else timeout),
            backoff=Backoff(min_delay=min_delay, max_delay=max_delay),
        )

    @staticmethod
    def _gate(props: dict[str, Any]) -> bool:
        return props.get(p.REQUIRE_SUCCEEDED) is not False

    def _settle(self, client: Any, job_id: str, props: dict[str, Any]) -> ImportJob:
        """Wait for the job; raise unless it SUCCEEDED when gating is on."""
        try:
            job = wait_for_job(client, job_id, self._waiter(props))
        except WaitTimeoutError:
            if self._gate(props):
                raise
            job = describe_job(client, job_id)
        return require_succeeded(job) if self._gate(props) else job

    @staticmethod
    def _outputs(job: ImportJob, props: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
        outs = {k: props.get(k) for k in p.INPUT_KEYS}
        outs.update(dict.fromkeys(p.JOB_OUTPUT_KEYS))
        outs.update(job.to_outputs())
        outs[p.INPUTS] = record
        return outs

    @staticmethod
    def _record(props: dict[str, Any], client: Any) -> dict[str, Any]:
        """The identity to record at create time, with the region the job really lives in."""
        return effective_identity(props, Defaults(region=client.meta.region_name))

    # -- provider methods ----------------------------------------------------------
    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult(news, validate_inputs(news))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        defaults = self._defaults(news)
        replaces = replaced_keys(olds, news, defaults)
        updates = updated_keys(olds, news, defaults)
        if not replaces and recheck_needed(olds, news):
            # The recorded job did not SUCCEED and the gate is on: a created job is imported
            # again (the retry after a FAILED import); a tracked one is waited on and gated again.
            if olds.get(p.INPUTS, {}).get(p.JOB_ID) is None and news.get(p.JOB_ID) is None:
                replaces = [p.STATUS]
            else:
                updates = [*updates, p.STATUS]
        return DiffResult(
            changes=bool(replaces or updates),
            replaces=replaces,
            # Without a replacement the job is the same one, so its outputs cannot change.
            stables=[] if replaces else list(p.JOB_OUTPUT_KEYS),
            delete_before_replace=False,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        client = self._client(props)
        job_id = props.get(p.JOB_ID)
        if job_id is None:
            job_id = start_import(client, props, default_region=self.config_region)
        job = self._settle(client, job_id, props)
        return CreateResult(job.job_id, self._outputs(job, props, self._record(props, client)))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Fresh outputs for `pulumi refresh`, and the gated lookup behind `PackageImportJob.get`.

        Only a refresh may find the job gone: it answers with an empty ID, and the engine
        drops the resource. A `get` of a job that does not exist fails like any closed gate.
        """
        # `PackageImportJob.get(...)` sets GATE_ON_READ: the lookup itself is the gate.
        lookup = bool(props.get(p.GATE_ON_READ))
        client = self._client(props, None if lookup else recorded_identity(props).get(p.REGION))
        try:
            job = self._settle(client, id_, props) if lookup else describe_job(client, id_)
        except JobNotFoundError:
            if lookup:
                raise
            return ReadResult("", {})
        if lookup:
            record = self._record({**props, p.JOB_ID: id_}, client)
        else:
            # Keep the identity recorded at create time: the job's own reported fields are outputs,
            # not inputs. A record from release 0.1 gains the region the job was just found in.
            record = recorded_identity(props)
            record.setdefault(p.REGION, client.meta.region_name)
        return ReadResult(job.job_id, self._outputs(job, props, record))

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Only wait/gating options changed: keep the recorded job without calling AWS,
        unless gating was just switched on for a job recorded as not SUCCEEDED."""
        outs = {**olds, **{k: news.get(k) for k in p.OPTION_KEYS}}
        if self._gate(news) and olds.get(p.STATUS) != SUCCEEDED:
            job = self._settle(self._client(news, recorded_identity(olds).get(p.REGION)), str(olds[p.JOB_ID]), news)
            outs = self._outputs(job, {**olds, **news}, recorded_identity(olds))
        return UpdateResult(outs)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        """Forget the job. Panorama import jobs cannot be deleted, so nothing in AWS changes."""


class _OneLineErrors:
    """Stands in for the `traceback` module inside the provider server, so a
    PanoramaGateError reaches the engine as its one-line message instead of a
    Python traceback; every other exception keeps its full traceback."""

    def __init__(self, original: Any) -> None:
        self._original = original

    def format_exc(self, *args: Any, **kwargs: Any) -> str:
        exc = sys.exc_info()[1]
        if isinstance(exc, PanoramaGateError):
            return str(exc)
        return str(self._original.format_exc(*args, **kwargs))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._original, name)


def _install_one_line_errors() -> None:
    """Patch the SDK's provider server (`python -m pulumi.dynamic`) when we run inside it.

    Its `_abort_with_traceback` sends `traceback.format_exc()` as the gRPC error
    detail, which the engine prints verbatim. Done at configure time, never at import.
    """
    server = sys.modules.get("__main__")
    if server is None or not hasattr(server, "_abort_with_traceback"):
        return
    current = getattr(server, "traceback", None)
    if current is not None and not isinstance(current, _OneLineErrors):
        server.traceback = _OneLineErrors(current)  # type: ignore[attr-defined]
