"""Which import job a gate stands for, and when a change of inputs means another job.

The identity is compared by *effective* value: defaults and stack config are applied first, so spelling out
a default (``job_type="NODE_PACKAGE_VERSION"``, ``region`` equal to ``aws:region``) is no change. The
identity recorded at create time (the ``inputs`` output, a plain mapping in the store) is what later diffs
compare with; a refresh keeps it, so re-reading the job can never make its own reported fields look like
changed inputs. Records in the shapes earlier releases stored are read through ``migrations``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import table as p
from .job import SUCCEEDED
from .migrations import recorded_identity
from .model import Inputs, State, Steering
from .values import UNKNOWN, given, is_unknown, value


@dataclass(frozen=True)
class Defaults:
    """Settings that stand in for inputs the program left out."""

    region: str | None = None
    """Region from stack config (`aws:region`) or the AWS chain."""
    profile: str | None = None
    """Profile from stack config (`aws:profile`)."""


def effective(prop: p.Property, given_value: Any) -> Any:
    """An input's value with its table default applied (an unknown value stays unknown)."""
    if is_unknown(given_value):
        return given_value
    if given_value is None:
        given_value = prop.default
    if given_value is not None and prop.type is p.Type.BOOLEAN:
        return bool(given_value)
    if given_value is not None and prop.type is p.Type.STRING_MAP:
        return dict(given_value)
    return given_value


def effective_identity(inputs: Inputs, defaults: Defaults) -> dict[str, Any]:
    """The identity of the job the inputs stand for, with defaults applied and unset values left out.

    Track mode (``job_id`` given) is the job ID in a region. Create mode is the creation request: every
    create-mode input of the table with its default (job type, MarkLatest false, no tags), plus an explicit
    ClientToken. A value not known yet stands as :data:`~.values.UNKNOWN`.
    """
    identity: dict[str, Any]
    if given(inputs, p.JOB_ID):
        identity = {p.JOB_ID: value(inputs, p.JOB_ID)}
    else:
        identity = {prop.name: effective(prop, value(inputs, prop.name)) for prop in p.CREATION_PROPS}
    region = value(inputs, p.REGION)
    identity[p.REGION] = defaults.region if region is None else region
    return {k: v for k, v in identity.items() if v is not None}


def _comparable(record: Mapping[str, Any], track_mode: bool) -> dict[str, Any]:
    """A recorded identity (in today's shape: see ``migrations``) seen through the mode of the new inputs:
    only the keys that mode compares, so a job's own field that an old refresh mixed into a record is never
    compared with an input of the other mode."""
    if track_mode:
        return {k: v for k in (p.JOB_ID, p.REGION) if (v := p.setting(record.get(k))) is not None}
    comparable = {prop.name: effective(prop, record.get(prop.name)) for prop in p.CREATION_PROPS}
    comparable[p.REGION] = p.setting(record.get(p.REGION))
    return {k: v for k, v in comparable.items() if v is not None}


def replaced_keys(state: State, news: Inputs, defaults: Defaults) -> list[str]:
    """The identity inputs whose effective value changed: any of them means another job (a replacement).

    - An unknown new value (preview) counts as a change.
    - ``region``: a record that names none (see ``migrations``) stands for the configured region, assumed
      unchanged. A region that cannot be resolved now (an unknown profile in preview) is not compared.
    - ``client_token``: compared only when the new inputs give one. Dropping an explicit token keeps the job;
      giving one that equals the token the job was created with is no change.
    """
    new = effective_identity(news, defaults)
    track_mode = p.JOB_ID in new
    old = _comparable(recorded_identity(state, defaults.region), track_mode)
    if p.CLIENT_TOKEN in new and p.CLIENT_TOKEN not in old and state.client_token:
        old[p.CLIENT_TOKEN] = state.client_token
    if p.REGION not in old or p.REGION not in new:
        old.pop(p.REGION, None)
        new.pop(p.REGION, None)
    if p.CLIENT_TOKEN not in new:
        old.pop(p.CLIENT_TOKEN, None)
    changed = {k for k in (*old, *new) if is_unknown(new.get(k)) or old.get(k) != new.get(k)}
    return [k for k in p.IDENTITY_KEYS if k in changed]


def effective_options(steering: Steering, defaults: Defaults, unknown: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The wait, gate and transport options with their defaults applied (those named in ``unknown`` stay
    :data:`~.values.UNKNOWN`)."""
    fallback = {p.PROFILE: defaults.profile}
    options: dict[str, Any] = {}
    for prop in p.OPTION_PROPS:
        option = getattr(steering, prop.name)
        options[prop.name] = UNKNOWN if prop.name in unknown else fallback.get(prop.name, prop.default)
        if option is not None and prop.name not in unknown:
            options[prop.name] = option
    return options


def updated_keys(state: State, news: Inputs, defaults: Defaults) -> list[str]:
    """The options whose effective value changed (an update in place, no new job)."""
    old, new = effective_options(state, defaults), effective_options(news, defaults, news.unknown)
    return [k for k in p.OPTION_KEYS if is_unknown(new[k]) or old[k] != new[k]]


def recheck_needed(state: State, news: Inputs) -> bool:
    """True when the gate is on but the job recorded in state did not SUCCEED.

    That happens after gating was off, or when a refresh recorded that the job's status changed
    (`pulumi up --refresh` in a pipeline). The gate must then close again rather than pass on a recorded
    job it would refuse today.
    """
    gate_known = p.REQUIRE_SUCCEEDED not in news.unknown
    return gate_known and news.require_succeeded is not False and state.status not in (None, SUCCEEDED)


#: The keys the first ClientToken formula hashed (always present, None when unset): every later formula
#: must give the same token for the same inputs, or an interrupted run would start a second job.
_FIRST_TOKEN_KEYS = (
    "resource_key", "job_id", "input_s3_bucket", "input_s3_key", "input_s3_region", "output_package_name",
    "output_package_version", "job_type", "mark_latest", "job_tags", "client_token", "region",
)  # fmt: skip


def derive_client_token(inputs: Inputs, attempt: int = 0, default_region: str | None = None) -> str:
    """A ClientToken fixed by the resource identity and its creation inputs.

    A retried or interrupted `pulumi up` sends the same token, so Panorama answers with the job it already
    created instead of starting a second one. Attempt 0 is the token of the first formula for the same
    inputs with defaults left out (so an interrupted run of any release still finds its job); attempt n > 0
    is the n-th retry after imports that had already FAILED.
    """
    identity: dict[str, Any] = {p.RESOURCE_KEY: inputs.resource_key}
    identity.update({k: getattr(inputs, k) for k in p.IDENTITY_KEYS})
    # Spelled-out defaults hash like omitted ones, so they can never lead to a second job.
    for prop in p.PROPERTIES:
        if prop.name in identity and prop.default is not None and identity[prop.name] == prop.default:
            identity[prop.name] = None
    # An identity input added to the table later enters the hash only when set: adding one must not change
    # the token of every existing stack (that would start second jobs).
    identity = {k: v for k, v in identity.items() if k in _FIRST_TOKEN_KEYS or v is not None}
    if identity[p.REGION] in ("", default_region):
        identity[p.REGION] = None
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode()).hexdigest()
    if attempt:
        digest = hashlib.sha256(f"{digest}#{attempt}".encode()).hexdigest()
    return f"pig-{digest[:40]}"
