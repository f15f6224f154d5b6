"""What the PackageImportJob resource does, for every front end, without Pulumi.

Works on plain dicts keyed by the property table's Python names. A front end
(the dynamic provider today, a provider plugin tomorrow) only translates its
framework's requests into these calls and the results back.

The three modes:
- **track**: ``job_id`` given; wait for the job and gate on SUCCEEDED.
- **lookup**: a gated read (``PackageImportJob.get``); the read itself is the gate.
- **create**: no ``job_id``; start an import with a derived ClientToken, then gate.
"""

from __future__ import annotations

import builtins
import threading
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from . import table as p
from .backoff import Backoff
from .client import (
    ClientSettings,
    PanoramaClient,
    endpoint_in_effect,
    environment_mistakes,
    resolve_region,
    shared_client,
)
from .errors import (
    SECRET,
    EndpointError,
    InvalidInputError,
    JobNotFoundError,
    MissingRegionError,
    PanoramaGateError,
    Spelling,
    WaitTimeoutError,
    named,
    spell,
)
from .identity import (
    Defaults,
    contains_unknown,
    effective_identity,
    recheck_needed,
    replaced_keys,
    updated_keys,
)
from .importing import start_import
from .job import SUCCEEDED, ImportJob
from .migrations import migrate, recorded_identity
from .rules import check_delays, check_property, check_rule, profile_is_known, region_is_in_a_partition
from .waiting import Progress, Waiter, describe_job, require_succeeded, wait_for_job

Props = Mapping[str, Any]

#: Said once per run by each front end when gates are deleted (`pulumi destroy`, a removed gate).
FORGOTTEN = (
    "Deleting a PackageImportJob only forgets the job: Panorama import jobs cannot be deleted, "
    "so they stay in Panorama."
)


class Failure(NamedTuple):
    """One input that failed ``check``."""

    property: str
    template: str
    """One sentence; the properties it names are spelled by the front end that shows it (``spelled``)."""

    @builtins.property  # `property` is this tuple's first field
    def reason(self) -> str:
        """The sentence, properties spelled as in Python."""
        return spell(self.template)

    def spelled(self, spelling: Spelling) -> str:
        return spell(self.template, spelling)


@dataclass(frozen=True)
class Diff:
    """What an input change means for the deployed gate."""

    replaces: list[str]
    """Inputs whose change means another job (a replacement)."""
    updates: list[str]
    """Options updated in place."""
    rewrite: list[str] = field(default_factory=list)
    """Entries of the stored record to store again as they are (see ``migrations``): an update, no AWS call."""

    @property
    def changes(self) -> bool:
        return bool(self.replaces or self.updates or self.rewrite)

    def reason(self, resource: str) -> str | None:
        """Why the gate is replaced, in one line naming the changed inputs (never their values, which may
        be secrets); None when it is not. The Python path prints it: a dynamic provider has no detailed
        diff, and the recorded identity, where the change shows, is encrypted."""
        if not self.replaces:
            return None
        if self.replaces == [p.STATUS]:
            return f"{resource}: the recorded import job did not SUCCEED, so the gate imports the package again."
        changed = ", ".join(self.replaces)
        return f"{resource}: {changed} changed, so the gate is replaced: it stands for another import job."

    @property
    def stables(self) -> list[str]:
        """Outputs that cannot change: without a replacement the job is the same one."""
        return [] if self.replaces else list(p.JOB_OUTPUT_KEYS)


@dataclass(frozen=True)
class WaitHooks:
    """How a front end follows and bounds a wait (all optional)."""

    on_progress: Progress | None = None
    """Called with every observed job state and the seconds waited."""
    cancel: threading.Event | None = None
    """Set to stop waiting at once (the engine's Cancel)."""
    timeout_cap: float | None = None
    """A limit from the engine (``customTimeouts``) that may be shorter than ``wait_timeout_seconds``."""
    timeout_name: str = "create"
    """The operation whose custom timeout ``timeout_cap`` is (named when it runs out)."""


def _known(value: Any) -> bool:
    return value is not None and not contains_unknown(value)


def check(news: Props, secrets: Collection[str] = ()) -> list[Failure]:
    """Mode and service-model rules for the inputs; unknown values (preview) are skipped. The values of the
    inputs named in ``secrets`` are not quoted."""
    failures = _mode_failures(news) + rule_failures(news, _INPUTS, secrets=secrets)
    if not any(f.property in (p.POLL_MIN_DELAY, p.POLL_MAX_DELAY) for f in failures):
        low, high = _option(news, p.POLL_MIN_DELAY), _option(news, p.POLL_MAX_DELAY)
        if low is not None and high is not None:
            try:
                check_delays(p.POLL_MIN_DELAY, low, p.POLL_MAX_DELAY, high)
            except InvalidInputError as exc:
                # Blame the one the user set: a maximum below the default minimum names the maximum.
                blamed = p.POLL_MAX_DELAY if news.get(p.POLL_MIN_DELAY) is None else p.POLL_MIN_DELAY
                failures.append(Failure(blamed, exc.template))
    return failures


_INPUTS = tuple(prop for prop in p.PROPERTIES if prop.is_input)


def rule_failures(
    values: Props, props: Iterable[p.Property], prefix: str = "", secrets: Collection[str] = ()
) -> list[Failure]:
    """Each known value that breaks its property's rule (an empty connection setting is unset).

    ``prefix`` names configuration keys in the messages (``panorama-import-gate:`` + the camelCase name);
    the values of the properties named in ``secrets`` are not quoted.
    """
    failures = []
    for prop in props:
        value = values.get(prop.name)
        if prop.name in p.SETTINGS:
            value = p.setting(value)
        if _known(value):
            try:
                check_property(prop, value, f"{prefix}{prop.wire}" if prefix else None)
            except InvalidInputError as exc:
                shown = InvalidInputError(prop.name, SECRET, exc.rule) if prop.name in secrets else exc
                failures.append(Failure(prop.name, shown.template))
    return failures


def _option(props: Props, name: str) -> float | None:
    """A numeric option with its default; None when unknown."""
    value = props.get(name)
    if value is None:
        return float(p.default(name))
    return float(value) if _known(value) else None


def _mode_failures(news: Props) -> list[Failure]:
    """Either ``job_id`` or the creation inputs, not both; creation-only inputs are refused next to ``job_id``."""
    has_job_id = news.get(p.JOB_ID) is not None
    creation_given = [named(k) for k in p.CREATION_REQUIRED if news.get(k) is not None]
    job_id = named(p.JOB_ID)
    if has_job_id and creation_given:
        return [
            Failure(p.JOB_ID, f"give either {job_id} or the creation inputs ({', '.join(creation_given)}), not both")
        ]
    if has_job_id:
        return [
            Failure(k, f"{named(k)} only applies when creating an import job; remove it, or remove {job_id}")
            for k in p.CREATION_ONLY
            if news.get(k) is not None
        ]
    return [
        Failure(k, f"{named(k)} is required to create an import job when {job_id} is not given")
        for k in p.CREATION_REQUIRED
        if news.get(k) is None
    ]


@dataclass
class Lifecycle:
    """The resource's behaviour, given what stands in for inputs the program left out.

    ``config_region`` and ``config_profile`` come from stack or provider configuration;
    they are plain names, never secrets. ``region_key`` is the configuration key that holds
    the default region, as the front end's users write it (named when no region is set).
    """

    config_region: str | None = None
    config_profile: str | None = None
    config_endpoint_url: str | None = None
    client_factory: Callable[[ClientSettings], PanoramaClient] = field(default=shared_client)
    region_key: str = "aws:region"

    # -- check ------------------------------------------------------------------------
    def check(self, news: Props, secrets: Collection[str] = ()) -> list[Failure]:
        """``check`` of the inputs, then the settings that stand in for them: the configured region
        and endpoint, where either is missing or malformed (all known without calling AWS). The values of
        the inputs named in ``secrets`` are not quoted."""
        failures = check(news, secrets)
        failures += self._profile_failures(news)
        # An endpoint given (even one unknown in preview) makes the environment's override irrelevant.
        settings = self._endpoint_settings(news)
        if not any(f.property == p.REGION for f in failures):
            failures += self._region_failures(news, endpoint_set=endpoint_in_effect(settings) is not None)
        for mistake in environment_mistakes(settings):
            # The endpoint variables stand in for `endpoint_url`; the retry settings belong to no input.
            field = p.ENDPOINT_URL if mistake.field and mistake.field.startswith("AWS_ENDPOINT_URL") else ""
            failures.append(Failure(field, mistake.template))
        if not failures:
            failures += self._endpoint_failures(news)
        return failures

    def _endpoint_settings(self, news: Props) -> ClientSettings:
        """The endpoint the inputs ask for (an unknown one stands as given) and where it was set."""
        given = p.setting(news.get(p.ENDPOINT_URL))
        if given is not None:
            return ClientSettings(endpoint_url=p.UNKNOWN_SENTINEL if contains_unknown(given) else str(given))
        if self.config_endpoint_url is not None:
            return ClientSettings(endpoint_url=self.config_endpoint_url, endpoint_setting=self.endpoint_key)
        return ClientSettings()

    def _region_failures(self, news: Props, endpoint_set: bool) -> list[Failure]:
        """A missing region; a configured region that breaks the rule; and, unless an endpoint is set (the
        emulator takes any name), a region that no AWS partition would name so (``us-east1``)."""
        given = p.setting(news.get(p.REGION))
        region, field = (given, p.REGION) if given is not None else (self.config_region, self.region_key)
        if region is not None:
            refusal = _refusal(p.Rule.REGION, field, region) if given is None else None
            if refusal is None and not endpoint_set and _known(region) and not region_is_in_a_partition(str(region)):
                refusal = InvalidInputError(field, region, f"must be {p.Rule.REGION.value}; check it").template
            return [Failure(p.REGION, refusal)] if refusal else []
        profile = p.setting(news.get(p.PROFILE)) or self.config_profile
        if contains_unknown(profile) or (profile is not None and not profile_is_known(profile)):
            return []  # an unknown profile is reported as such (`_profile_failures`), not as a missing region
        if resolve_region(None, profile) is not None:
            return []
        return [Failure(p.REGION, MissingRegionError(self.region_advice).template)]

    def _endpoint_failures(self, news: Props) -> list[Failure]:
        """Track mode with an endpoint override: one call shows, at preview, an endpoint that does not serve
        Panorama (a stray path, another server). Any other failure waits for the update, which reports it."""
        job_id = news.get(p.JOB_ID)
        steering = (job_id, news.get(p.REGION), news.get(p.PROFILE), self._endpoint_settings(news).endpoint_url)
        if not isinstance(job_id, str) or contains_unknown(steering):
            return []
        if endpoint_in_effect(self._endpoint_settings(news)) is None:
            return []  # AWS's own endpoint for the region serves Panorama
        refusal = _probe(self, news, job_id)
        return [Failure(p.ENDPOINT_URL, refusal.template)] if refusal else []

    def _profile_failures(self, news: Props) -> list[Failure]:
        """A named profile that no AWS config or credentials file defines (botocore would fail only when it calls)."""
        given = p.setting(news.get(p.PROFILE))
        profile = given or self.config_profile
        if profile is None or contains_unknown(profile) or profile_is_known(profile):
            return []
        field = p.PROFILE if given else self.region_key.replace(p.REGION, p.PROFILE)
        reason = "no such profile in the AWS config or credentials files; check the profile name"
        return [Failure(p.PROFILE, InvalidInputError(field, profile, reason).template)]

    @property
    def endpoint_key(self) -> str:
        """The configuration key that holds the default endpoint, as the front end's users write it."""
        return self.region_key.replace(p.REGION, p.camel(p.ENDPOINT_URL))

    @property
    def region_advice(self) -> str:
        """Where to set a region, in the front end's words."""
        return (
            f"set {self.region_key} (`pulumi config set {self.region_key} us-east-1`), "
            "the resource's region input, or AWS_REGION"
        )

    # -- check and diff -------------------------------------------------------------
    def defaults(self, news: Props) -> Defaults:
        """What stands in for inputs the program left out: configuration, then the AWS chain."""
        profile = news.get(p.PROFILE) or self.config_profile
        region = self.config_region
        if region is None and news.get(p.REGION) is None and not contains_unknown(profile):
            region = resolve_region(None, profile)
        return Defaults(region=region, profile=self.config_profile)

    def diff(self, olds: Props, news: Props, plain_secrets: frozenset[str] = frozenset()) -> Diff:
        """``plain_secrets``: entries of the stored record kept in plain text although secret (plugin)."""
        defaults = self.defaults(news)
        stored = migrate(olds, defaults.region, plain_secrets)
        replaces = replaced_keys(olds, news, defaults)
        updates = updated_keys(olds, news, defaults)
        if not replaces and recheck_needed(olds, news):
            # The recorded job did not SUCCEED and the gate is on: a created job is imported
            # again (the retry after a FAILED import); a tracked one is waited on and gated again.
            if (stored.record or {}).get(p.JOB_ID) is None and news.get(p.JOB_ID) is None:
                replaces = [p.STATUS]
            else:
                updates = [*updates, p.STATUS]
        return Diff(replaces=replaces, updates=updates, rewrite=list(stored.rewrite))

    # -- create, read, update -------------------------------------------------------------
    def create(self, props: Props, hooks: WaitHooks | None = None) -> tuple[str, dict[str, Any]]:
        """Track the given job, or start the resource's import; wait and gate. Returns the ID and outputs."""
        client = self._client(props)
        job_id = props.get(p.JOB_ID)
        if job_id is None:
            job_id = start_import(client, props, default_region=self.config_region)
        job = self._settle(client, str(job_id), props, hooks)
        return job.job_id, outputs(job, props, _record(props, client))

    def read(self, id_: str, props: Props, hooks: WaitHooks | None = None) -> tuple[str, dict[str, Any]] | None:
        """Fresh outputs for a refresh (None when the job is gone), or the gated lookup behind ``get``.

        Only a refresh may find the job gone. A lookup of a job that does not exist fails like any closed gate.
        """
        lookup = bool(props.get(p.GATE_ON_READ))
        client = self._client(props, None if lookup else recorded_identity(props).get(p.REGION))
        try:
            job = self._settle(client, id_, props, hooks) if lookup else describe_job(client, id_)
        except JobNotFoundError:
            if lookup:
                raise
            return None
        if lookup:
            record = _record({**props, p.JOB_ID: id_}, client)
        else:
            # Keep the identity recorded at create time (the job's own reported fields are outputs, not
            # inputs), in today's shape; a record that names no region gains the one the job was found in.
            record = recorded_identity(props, client.meta.region_name)
            if set(record) <= {p.REGION}:  # `pulumi import`: nothing recorded, so the job is tracked by its ID
                record = {p.JOB_ID: id_, **record}
        return job.job_id, outputs(job, props, record)

    def update(self, olds: Props, news: Props, hooks: WaitHooks | None = None) -> dict[str, Any]:
        """Only options changed: keep the recorded job without calling AWS, unless gating
        was just switched on for a job recorded as not SUCCEEDED."""
        outs = {**olds, **{k: news.get(k) for k in p.OPTION_KEYS}}
        if _gate(news) and olds.get(p.STATUS) != SUCCEEDED:
            client = self._client(news, recorded_identity(olds).get(p.REGION))
            job = self._settle(client, str(olds[p.JOB_ID]), news, hooks)
            outs = outputs(job, {**olds, **news}, recorded_identity(olds, client.meta.region_name))
        return outs

    # -- helpers ---------------------------------------------------------------------------
    def client_for(self, props: Props) -> PanoramaClient:
        """A client for the connection settings in ``props`` (region, profile, endpoint), else the configuration."""
        return self._client(props)

    def settings_for(self, props: Props, recorded_region: str | None = None) -> ClientSettings:
        """How to reach Panorama for the inputs; a recorded job is looked up where it was created."""
        return replace(
            self._endpoint_settings(props),
            region=recorded_region or props.get(p.REGION) or self.config_region,
            profile=props.get(p.PROFILE) or self.config_profile,
        )

    def _client(self, props: Props, recorded_region: str | None = None) -> PanoramaClient:
        """A client for the inputs; a recorded job is looked up where it was created (``recorded_region``)."""
        try:
            return self.client_factory(self.settings_for(props, recorded_region))
        except MissingRegionError:
            raise MissingRegionError(self.region_advice) from None

    def _settle(self, client: PanoramaClient, job_id: str, props: Props, hooks: WaitHooks | None) -> ImportJob:
        """Wait for the job; raise unless it SUCCEEDED when gating is on."""
        hooks = hooks or WaitHooks()
        policy = waiter(props, hooks)
        try:
            job = wait_for_job(client, job_id, policy, hooks.on_progress)
        except WaitTimeoutError as exc:
            if _gate(props) and _capped(props, hooks):
                raise WaitTimeoutError(
                    exc.job_id,
                    exc.elapsed,
                    exc.last_status,
                    f"the {hooks.timeout_name} customTimeout ({policy.timeout:g}s)",
                    job=exc.job,
                ) from None
            if _gate(props):
                raise
            job = describe_job(client, job_id)
        return require_succeeded(job) if _gate(props) else job


def _refusal(rule: p.Rule, name: str, value: str) -> str | None:
    """The one-line refusal of a setting that breaks its rule, naming where it came from (None: it passes)."""
    try:
        check_rule(name, value, rule)
    except InvalidInputError as exc:
        return exc.template
    return None


#: Each endpoint's answer to the probe in ``check`` (None: it serves Panorama, or another failure hid the
#: answer), once per connection settings for the life of the process: 50 gates make one call.
_probes: dict[ClientSettings, EndpointError | None] = {}
_probes_lock = threading.Lock()


def _probe(lifecycle: Lifecycle, news: Props, job_id: str) -> EndpointError | None:
    """Describe the job once, with no retries, through the endpoint the inputs ask for."""
    settings = lifecycle.settings_for(news)
    with _probes_lock:
        if settings in _probes:
            return _probes[settings]
    try:
        describe_job(lifecycle.client_factory(replace(settings, max_attempts=1)), job_id)
        refusal = None
    except EndpointError as exc:
        refusal = exc
    except PanoramaGateError:
        refusal = None  # not found, denied, unreachable...: the update says so, with retries
    with _probes_lock:
        _probes[settings] = refusal
    return refusal


def waiter(props: Props, hooks: WaitHooks | None = None) -> Waiter:
    """The poll policy the inputs ask for (defaults from the property table; ``check`` has validated them)."""
    hooks = hooks or WaitHooks()
    timeout = _option(props, p.WAIT_TIMEOUT) or 0.0
    if hooks.timeout_cap is not None:
        timeout = min(timeout, hooks.timeout_cap)
    min_delay = _option(props, p.POLL_MIN_DELAY) or p.DEFAULT_POLL_MIN_DELAY
    # State written before `check` refused min > max still waits (with the smaller delay for both).
    max_delay = max(min_delay, _option(props, p.POLL_MAX_DELAY) or p.DEFAULT_POLL_MAX_DELAY)
    waiter = Waiter(timeout=timeout, backoff=Backoff(min_delay=min_delay, max_delay=max_delay))
    if hooks.cancel is not None:
        waiter.sleep = hooks.cancel.wait  # a set event ends the sleep at once, and the wait with it
    return waiter


def _capped(props: Props, hooks: WaitHooks) -> bool:
    """True when the engine's custom timeout, not ``wait_timeout_seconds``, bounded the wait."""
    own = _option(props, p.WAIT_TIMEOUT)
    return hooks.timeout_cap is not None and (own is None or hooks.timeout_cap < own)


def _gate(props: Props) -> bool:
    return props.get(p.REQUIRE_SUCCEEDED) is not False


def _record(props: Props, client: PanoramaClient) -> dict[str, Any]:
    """The identity to record at create time, with the region the job really lives in."""
    return effective_identity(props, Defaults(region=client.meta.region_name))


def outputs(job: ImportJob, props: Props, record: dict[str, Any]) -> dict[str, Any]:
    """The resource's outputs: the inputs echoed, every job output (None when unreported), the record."""
    outs = {k: props.get(k) for k in p.INPUT_KEYS}
    outs.update(dict.fromkeys(p.JOB_OUTPUT_KEYS))
    outs.update(p.job_outputs(job))
    outs[p.INPUTS] = record
    return outs
