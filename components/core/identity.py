"""Which import job a resource stands for, and when a change of inputs means another job.

Pulumi-free: the dynamic provider (and any later front end) hands in plain dicts.

The identity is compared by *effective* value: defaults and stack config are
applied first, so spelling out a default (``job_type="NODE_PACKAGE_VERSION"``,
``region`` equal to ``aws:region``) is no change. The identity recorded at create
time (the ``inputs`` output) is what later diffs compare with; a refresh keeps
it, so re-reading the job can never make its own reported fields look like
changed inputs.
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


def is_unknown(value: Any) -> bool:
    """A value that is not known yet (preview): Pulumi's ``Unknown`` object or its wire sentinel.

    Checked by class name and sentinel so this module stays free of pulumi imports.
    """
    return type(value).__name__ == "Unknown" or value == p.UNKNOWN_SENTINEL


def contains_unknown(value: Any) -> bool:
    """True if the value, or anything nested in a list or mapping, is unknown."""
    if is_unknown(value):
        return True
    if isinstance(value, Mapping):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(contains_unknown(v) for v in value)
    return False


@dataclass(frozen=True)
class Defaults:
    """Settings that stand in for inputs the program left out."""

    region: str | None = None
    """Region from stack config (`aws:region`) or the AWS chain."""
    profile: str | None = None
    """Profile from stack config (`aws:profile`)."""


def _known_or(value: Any, default: Any) -> Any:
    if is_unknown(value):
        return value
    return default if value is None else value


def _effective(prop: p.Property, value: Any) -> Any:
    """An input's value with its table default applied (an unknown value stays unknown)."""
    if is_unknown(value):
        return value
    if value is None:
        value = prop.default
    if value is not None and prop.type is p.Type.BOOLEAN:
        return bool(value)
    if value is not None and prop.type is p.Type.STRING_MAP:
        return dict(value)
    return value


_CREATION_PROPS = tuple(prop for prop in p.PROPERTIES if prop.mode in (p.Mode.CREATE_REQUIRED, p.Mode.CREATE_OPTIONAL))
_OPTION_PROPS = tuple(prop for prop in p.PROPERTIES if prop.change is p.Change.UPDATES)


def effective_identity(props: Mapping[str, Any], defaults: Defaults) -> dict[str, Any]:
    """The identity of the job the inputs stand for, with defaults applied and unset values left out.

    Track mode (``job_id`` given) is the job ID in a region. Create mode is the
    creation request: every create-mode input of the table with its default
    (job type, MarkLatest false, no tags), plus an explicit ClientToken.
    """
    identity: dict[str, Any]
    if props.get(p.JOB_ID) is not None:
        identity = {p.JOB_ID: props[p.JOB_ID]}
    else:
        identity = {prop.name: _effective(prop, props.get(prop.name)) for prop in _CREATION_PROPS}
    identity[p.REGION] = _known_or(props.get(p.REGION) or None, defaults.region)
    return {k: v for k, v in identity.items() if v is not None}


def _comparable(record: Mapping[str, Any], track_mode: bool) -> dict[str, Any]:
    """A recorded identity (in today's shape: see ``migrations``) seen through the mode of the new inputs:
    only the keys that mode compares, so a job's own field that an old refresh mixed into a record is never
    compared with an input of the other mode."""
    normalized = effective_identity(
        {k: v for k, v in record.items() if track_mode or k != p.JOB_ID}, Defaults(region=None)
    )
    if track_mode:
        return {k: normalized[k] for k in (p.JOB_ID, p.REGION) if k in normalized}
    normalized.pop(p.JOB_ID, None)
    return normalized


def replaced_keys(olds: Mapping[str, Any], news: Mapping[str, Any], defaults: Defaults) -> list[str]:
    """The identity inputs whose effective value changed: any of them means another job (a replacement).

    - An unknown new value (preview) counts as a change.
    - ``region``: a record that names none (see ``migrations``) stands for the configured region, assumed
      unchanged. A region that cannot be resolved now (an unknown profile in preview) is not compared.
    - ``client_token``: compared only when the new inputs give one. Dropping an explicit token keeps the job;
      giving one that equals the token the job was created with is no change.
    """
    new = effective_identity(news, defaults)
    track_mode = p.JOB_ID in new
    old = _comparable(recorded_identity(olds, defaults.region), track_mode)
    if p.CLIENT_TOKEN in new and p.CLIENT_TOKEN not in old and olds.get(p.CLIENT_TOKEN):
        old[p.CLIENT_TOKEN] = olds[p.CLIENT_TOKEN]
    if p.REGION not in old or p.REGION not in new:
        old.pop(p.REGION, None)
        new.pop(p.REGION, None)
    if p.CLIENT_TOKEN not in new:
        old.pop(p.CLIENT_TOKEN, None)
    changed = {k for k in (*old, *new) if is_unknown(new.get(k)) or old.get(k) != new.get(k)}
    return [k for k in p.IDENTITY_KEYS if k in changed]


def effective_options(props: Mapping[str, Any], defaults: Defaults) -> dict[str, Any]:
    """The wait, gate and transport options with their defaults applied (an empty string is unset)."""
    fallback = {p.PROFILE: defaults.profile}
    options = {}
    for prop in _OPTION_PROPS:
        value = props.get(prop.name)
        value = None if value == "" else value
        options[prop.name] = _known_or(value, fallback.get(prop.name, prop.default))
    return options


def updated_keys(olds: Mapping[str, Any], news: Mapping[str, Any], defaults: Defaults) -> list[str]:
    """The options whose effective value changed (an update in place, no new job)."""
    old, new = effective_options(olds, defaults), effective_options(news, defaults)
    return [k for k in p.OPTION_KEYS if is_unknown(new[k]) or old[k] != new[k]]


def recheck_needed(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    """True when the gate is on but the job recorded in state did not SUCCEED.

    That happens after gating was off, or when a refresh recorded that the job's status
    changed (`pulumi up --refresh` in a pipeline). The gate must then close again rather
    than pass on a recorded job it would refuse today.
    """
    gate = news.get(p.REQUIRE_SUCCEEDED)
    return gate is not False and not is_unknown(gate) and olds.get(p.STATUS) not in (None, SUCCEEDED)


def resource_key(project: str, stack: str, name: str) -> str:
    """What makes two resources with equal inputs derive different ClientTokens: the resource's place."""
    return f"{project}/{stack}/{name}"


#: The keys release 0.1 hashed into the derived ClientToken (always present, None when unset).
_TOKEN_KEYS_0_1 = (
    "resource_key", "job_id", "input_s3_bucket", "input_s3_key", "input_s3_region", "output_package_name",
    "output_package_version", "job_type", "mark_latest", "job_tags", "client_token", "region",
)  # fmt: skip


def derive_client_token(props: Mapping[str, Any], attempt: int = 0, default_region: str | None = None) -> str:
    """A ClientToken fixed by the resource identity and its creation inputs.

    A retried or interrupted `pulumi up` sends the same token, so Panorama answers
    with the job it already created instead of starting a second one. Attempt 0 is
    the token release 0.1 derived for the same inputs with defaults left out (so an
    interrupted run from that release still finds its job); attempt n > 0 is the n-th retry after
    imports that had already FAILED.
    """
    identity = {k: props.get(k) for k in (p.RESOURCE_KEY, *p.IDENTITY_KEYS)}
    # Spelled-out defaults hash like omitted ones, so they can never lead to a second job.
    for prop in p.PROPERTIES:
        if prop.name in identity and prop.default is not None and identity[prop.name] == prop.default:
            identity[prop.name] = None
    # An identity input added after release 0.1 enters the hash only when set: adding one to the
    # table must not change the token of every existing stack (that would start second jobs).
    identity = {k: v for k, v in identity.items() if k in _TOKEN_KEYS_0_1 or v is not None}
    if identity[p.REGION] in ("", default_region):
        identity[p.REGION] = None
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode()).hexdigest()
    if attempt:
        digest = hashlib.sha256(f"{digest}#{attempt}".encode()).hexdigest()
    return f"pig-{digest[:40]}"
