"""What the PackageImportJob resource does, for every front end, without Pulumi.

Works on the core's typed values (``model``): each front end parses its requests into them at its edge
(``values``) and stores what comes back. The three modes:

- **track**: ``job_id`` given; wait for the job and gate on SUCCEEDED.
- **lookup**: a gated read (``PackageImportJob.get``); the read itself is the gate.
- **create**: no ``job_id``; start an import with a derived ClientToken, then gate.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from . import table as p
from .client import (
    ClientSettings,
    PanoramaClient,
    endpoint_in_effect,
    environment_mistakes,
    resolve_region,
    shared_client,
)
from .errors import (
    EndpointError,
    Failure,
    InvalidInputError,
    JobNotFoundError,
    MissingRegionError,
    PanoramaGateError,
    WaitTimeoutError,
    named,
)
from .identity import Defaults, effective_identity, recheck_needed, replaced_keys, updated_keys
from .importing import start_import
from .job import SUCCEEDED, ImportJob
from .migrations import migrate, recorded_identity
from .model import Inputs, State, Steering
from .rules import check_delays, check_property, check_rule, profile_is_known, region_is_in_a_partition
from .session import Waiting, WaitSession
from .values import UNKNOWN, Parsed, contains_unknown, given, parse_inputs, settled
from .waiting import describe_job, require_succeeded, wait_for_job

#: Said once per run by each front end when gates are deleted (`pulumi destroy`, a removed gate).
FORGOTTEN = (
    "Deleting a PackageImportJob only forgets the job: Panorama import jobs cannot be deleted, "
    "so they stay in Panorama."
)


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


def check(raw: Mapping[str, Any], secrets: Collection[str] = ()) -> list[Failure]:
    """Mode and service-model rules for the inputs; unknown values (preview) are skipped. The values of the
    inputs named in ``secrets`` are not quoted."""
    return checked(parse_inputs(raw, secrets), raw)


def checked(parsed: Parsed, raw: Mapping[str, Any]) -> list[Failure]:
    """The refusals of parsed inputs: their values' rules, then which mode they are in, then the delays."""
    present = {name for name in p.INPUT_KEYS if raw.get(name) is not None}  # refused values count as given
    failures = _mode_failures(present) + parsed.failures
    if not any(f.property in (p.POLL_MIN_DELAY, p.POLL_MAX_DELAY) for f in failures):
        failures += _delay_failures(parsed.inputs)
    return failures


def _delay_failures(inputs: Inputs) -> list[Failure]:
    """The minimum poll delay must not exceed the maximum (a default stands in for an omitted one)."""
    if {p.POLL_MIN_DELAY, p.POLL_MAX_DELAY} & inputs.unknown:
        return []
    low = inputs.poll_min_delay_seconds
    high = inputs.poll_max_delay_seconds
    try:
        check_delays(
            p.POLL_MIN_DELAY,
            p.DEFAULT_POLL_MIN_DELAY if low is None else low,
            p.POLL_MAX_DELAY,
            p.DEFAULT_POLL_MAX_DELAY if high is None else high,
        )
    except InvalidInputError as exc:
        # Blame the one the user set: a maximum below the default minimum names the maximum.
        return [Failure(p.POLL_MAX_DELAY if low is None else p.POLL_MIN_DELAY, exc.template)]
    return []


def rule_failures(values: Mapping[str, Any], props: Iterable[p.Property], prefix: str = "") -> list[Failure]:
    """Each known value that breaks its property's rule (an empty connection setting is unset): the
    plugin's configuration, named ``prefix`` + the camelCase name (``panorama-import-gate:region``)."""
    failures = []
    for prop in props:
        raw = p.setting(values.get(prop.name)) if prop.name in p.SETTINGS else values.get(prop.name)
        if raw is not None and not contains_unknown(raw):
            try:
                check_property(prop, raw, f"{prefix}{prop.wire}" if prefix else None)
            except InvalidInputError as exc:
                failures.append(Failure(prop.name, exc.template))
    return failures


def _mode_failures(present: Collection[str]) -> list[Failure]:
    """Either ``job_id`` or the creation inputs, not both; creation-only inputs are refused next to ``job_id``."""
    has_job_id = p.JOB_ID in present
    creation_given = [named(k) for k in p.CREATION_REQUIRED if k in present]
    job_id = named(p.JOB_ID)
    if has_job_id and creation_given:
        return [
            Failure(p.JOB_ID, f"give either {job_id} or the creation inputs ({', '.join(creation_given)}), not both")
        ]
    if has_job_id:
        return [
            Failure(k, f"{named(k)} only applies when creating an import job; remove it, or remove {job_id}")
            for k in p.CREATION_ONLY
            if k in present
        ]
    return [
        Failure(k, f"{named(k)} is required to create an import job when {job_id} is not given")
        for k in p.CREATION_REQUIRED
        if k not in present
    ]


class Connection(Protocol):
    """The settings that reach Panorama, from inputs, a stored state or a lookup's arguments."""

    @property
    def region(self) -> str | None: ...

    @property
    def profile(self) -> str | None: ...

    @property
    def endpoint_url(self) -> str | None: ...


@dataclass
class Lifecycle:
    """The resource's behaviour, given what stands in for inputs the program left out.

    ``config_region`` and ``config_profile`` come from stack or provider configuration;
    they are plain names, never secrets. ``region_key`` is the configuration key that holds
    the default region, as the front end's users write it (named when no region is set).
    ``session`` is the process's wait session (every wait ends when it is cancelled).
    """

    config_region: str | None = None
    config_profile: str | None = None
    config_endpoint_url: str | None = None
    client_factory: Callable[[ClientSettings], PanoramaClient] = field(default=shared_client)
    region_key: str = "aws:region"
    session: WaitSession = field(default_factory=WaitSession)

    # -- check ------------------------------------------------------------------------
    def check(self, raw: Mapping[str, Any], secrets: Collection[str] = ()) -> list[Failure]:
        """``check`` of the inputs, then the settings that stand in for them: the configured region
        and endpoint, where either is missing or malformed (all known without calling AWS). The values of
        the inputs named in ``secrets`` are not quoted."""
        parsed = parse_inputs(raw, secrets)
        news = parsed.inputs
        failures = checked(parsed, raw)
        failures += self._profile_failures(news)
        # An endpoint given (even one unknown in preview, or one refused above) makes the environment's
        # override irrelevant: a refused one is reported once, as itself.
        settings = self._endpoint_settings(news)
        if any(f.property == p.ENDPOINT_URL for f in failures):
            settings = ClientSettings(endpoint_url=str(raw.get(p.ENDPOINT_URL)))
        if not any(f.property == p.REGION for f in failures):
            failures += self._region_failures(news, endpoint_set=endpoint_in_effect(settings) is not None)
        for mistake in environment_mistakes(settings):
            # The endpoint variables stand in for `endpoint_url`; the retry settings belong to no input.
            setting = p.ENDPOINT_URL if mistake.field and mistake.field.startswith("AWS_ENDPOINT_URL") else ""
            failures.append(Failure(setting, mistake.template))
        if not failures:
            failures += self._endpoint_failures(news)
        return failures

    def _endpoint_settings(self, settings: Connection) -> ClientSettings:
        """The endpoint the inputs ask for (an unknown one stands as given) and where it was set."""
        if isinstance(settings, Inputs) and p.ENDPOINT_URL in settings.unknown:
            return ClientSettings(endpoint_url=UNKNOWN)
        if settings.endpoint_url is not None:
            return ClientSettings(endpoint_url=settings.endpoint_url)
        if self.config_endpoint_url is not None:
            return ClientSettings(endpoint_url=self.config_endpoint_url, endpoint_setting=self.endpoint_key)
        return ClientSettings()

    def _region_failures(self, news: Inputs, endpoint_set: bool) -> list[Failure]:
        """A missing region; a configured region that breaks the rule; and, unless an endpoint is set (the
        emulator takes any name), a region that no AWS partition would name so (``us-east1``)."""
        if p.REGION in news.unknown:
            return []
        region, field_name = (
            (news.region, p.REGION) if news.region is not None else (self.config_region, self.region_key)
        )
        if region is not None:
            refusal = _refusal(p.Rule.REGION, field_name, region) if news.region is None else None
            if refusal is None and not endpoint_set and not region_is_in_a_partition(region):
                refusal = InvalidInputError(field_name, region, f"must be {p.Rule.REGION.value}; check it").template
            return [Failure(p.REGION, refusal)] if refusal else []
        if p.PROFILE in news.unknown:
            return []
        profile = news.profile or self.config_profile
        if profile is not None and not profile_is_known(profile):
            return []  # an unknown profile is reported as such (`_profile_failures`), not as a missing region
        if resolve_region(None, profile) is not None:
            return []
        return [Failure(p.REGION, MissingRegionError(self.region_advice).template)]

    def _endpoint_failures(self, news: Inputs) -> list[Failure]:
        """Track mode with an endpoint override: one call shows, at preview, an endpoint that does not serve
        Panorama (a stray path, another server). Any other failure waits for the update, which reports it."""
        steering = {p.JOB_ID, p.REGION, p.PROFILE, p.ENDPOINT_URL}
        if news.job_id is None or steering & news.unknown:
            return []
        if endpoint_in_effect(self._endpoint_settings(news)) is None:
            return []  # AWS's own endpoint for the region serves Panorama
        refusal = _probe(self, news, news.job_id)
        return [Failure(p.ENDPOINT_URL, refusal.template)] if refusal else []

    def _profile_failures(self, news: Inputs) -> list[Failure]:
        """A named profile that no AWS config or credentials file defines (botocore would fail only when it calls)."""
        profile = news.profile or self.config_profile
        if profile is None or p.PROFILE in news.unknown or profile_is_known(profile):
            return []
        setting = p.PROFILE if news.profile else self.region_key.replace(p.REGION, p.PROFILE)
        reason = "no such profile in the AWS config or credentials files; check the profile name"
        return [Failure(p.PROFILE, InvalidInputError(setting, profile, reason).template)]

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

    # -- diff -------------------------------------------------------------------------
    def defaults(self, news: Inputs) -> Defaults:
        """What stands in for inputs the program left out: configuration, then the AWS chain."""
        region = self.config_region
        if region is None and not given(news, p.REGION) and p.PROFILE not in news.unknown:
            region = resolve_region(None, news.profile or self.config_profile)
        return Defaults(region=region, profile=self.config_profile)

    def diff(self, state: State, news: Inputs, plain_secrets: frozenset[str] = frozenset()) -> Diff:
        """``plain_secrets``: entries of the stored record kept in plain text although secret (plugin)."""
        defaults = self.defaults(news)
        stored = migrate(state, defaults.region, plain_secrets)
        replaces = replaced_keys(state, news, defaults)
        updates = updated_keys(state, news, defaults)
        if not replaces and recheck_needed(state, news):
            # The recorded job did not SUCCEED and the gate is on: a created job is imported
            # again (the retry after a FAILED import); a tracked one is waited on and gated again.
            if (stored.record or {}).get(p.JOB_ID) is None and not given(news, p.JOB_ID):
                replaces = [p.STATUS]
            else:
                updates = [*updates, p.STATUS]
        return Diff(replaces=replaces, updates=updates, rewrite=list(stored.rewrite))

    # -- create, read, update -------------------------------------------------------------
    def create(self, inputs: Inputs, waiting: Waiting | None = None) -> tuple[str, State]:
        """Track the given job, or start the resource's import; wait and gate. Returns the ID and state."""
        client = self._client(inputs)
        job_id = inputs.job_id
        if job_id is None:
            job_id = start_import(client, inputs, default_region=self.config_region)
        job = self._settle(client, job_id, inputs, waiting)
        return job.job_id, settled(job, inputs, _record(inputs, client))

    def read(self, id_: str, state: State, waiting: Waiting | None = None) -> tuple[str, State] | None:
        """Fresh state for a refresh (None when the job is gone), or the gated lookup behind ``get``.

        Only a refresh may find the job gone. A lookup of a job that does not exist fails like any closed gate.
        """
        lookup = state.gate_on_read
        client = self._client(state, None if lookup else recorded_identity(state).get(p.REGION))
        try:
            job = self._settle(client, id_, state, waiting) if lookup else describe_job(client, id_)
        except JobNotFoundError:
            if lookup:
                raise
            return None
        if lookup:
            record = effective_identity(Inputs(job_id=id_, region=state.region), Defaults(client.meta.region_name))
        else:
            # Keep the identity recorded at create time (the job's own reported fields are outputs, not
            # inputs), in today's shape; a record that names no region gains the one the job was found in.
            record = recorded_identity(state, client.meta.region_name)
            if set(record) <= {p.REGION}:  # `pulumi import`: nothing recorded, so the job is tracked by its ID
                record = {p.JOB_ID: id_, **record}
        return job.job_id, settled(job, state, record)

    def update(self, state: State, news: Inputs, waiting: Waiting | None = None) -> State:
        """Only options changed: keep the recorded job without calling AWS, unless gating
        was just switched on for a job recorded as not SUCCEEDED."""
        updated = replace(state, **{k: getattr(news, k) for k in p.OPTION_KEYS})
        if _gate(news) and state.status != SUCCEEDED:
            client = self._client(news, recorded_identity(state).get(p.REGION))
            job = self._settle(client, str(state.job_id), news, waiting)
            return settled(job, updated, recorded_identity(state, client.meta.region_name))
        return updated

    # -- helpers ---------------------------------------------------------------------------
    def client_for(self, settings: Connection) -> PanoramaClient:
        """A client for the connection settings given (region, profile, endpoint), else the configuration."""
        return self._client(settings)

    def settings_for(self, settings: Connection, recorded_region: str | None = None) -> ClientSettings:
        """How to reach Panorama for the inputs; a recorded job is looked up where it was created."""
        return replace(
            self._endpoint_settings(settings),
            region=recorded_region or settings.region or self.config_region,
            profile=settings.profile or self.config_profile,
        )

    def _client(self, settings: Connection, recorded_region: str | None = None) -> PanoramaClient:
        """A client for the inputs; a recorded job is looked up where it was created (``recorded_region``)."""
        try:
            return self.client_factory(self.settings_for(settings, recorded_region))
        except MissingRegionError:
            raise MissingRegionError(self.region_advice) from None

    def _settle(self, client: PanoramaClient, job_id: str, steering: Steering, waiting: Waiting | None) -> ImportJob:
        """Wait for the job; raise unless it SUCCEEDED when gating is on."""
        waiting = waiting or Waiting(self.session)
        policy = waiting.policy(steering)
        try:
            job = wait_for_job(client, job_id, policy, waiting.progress)
        except WaitTimeoutError as exc:
            if _gate(steering) and waiting.capped(steering):
                raise WaitTimeoutError(
                    exc.job_id,
                    exc.elapsed,
                    exc.last_status,
                    f"the {waiting.cap_name} customTimeout ({policy.timeout:g}s)",
                    job=exc.job,
                ) from None
            if _gate(steering):
                raise
            job = describe_job(client, job_id)
        return require_succeeded(job) if _gate(steering) else job


def _refusal(rule: p.Rule, name: str, setting: str) -> str | None:
    """The one-line refusal of a setting that breaks its rule, naming where it came from (None: it passes)."""
    try:
        check_rule(name, setting, rule)
    except InvalidInputError as exc:
        return exc.template
    return None


#: Each endpoint's answer to the probe in ``check`` (None: it serves Panorama, or another failure hid the
#: answer), once per connection settings for the life of the process: 50 gates make one call.
_probes: dict[ClientSettings, EndpointError | None] = {}
_probes_lock = threading.Lock()


def _probe(lifecycle: Lifecycle, news: Inputs, job_id: str) -> EndpointError | None:
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


def _gate(steering: Steering) -> bool:
    return steering.require_succeeded is not False


def _record(inputs: Inputs, client: PanoramaClient) -> dict[str, Any]:
    """The identity to record at create time, with the region the job really lives in."""
    return effective_identity(inputs, Defaults(region=client.meta.region_name))
