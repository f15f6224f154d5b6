"""The Panorama client factory: explicit settings first, then the AWS default chain."""

from __future__ import annotations

import functools
import os
import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from ..version import __version__
from .botocore_data import LOADER_LOCK, loader
from .endpoint import Endpoint
from .error_map import Call, classify
from .errors import InvalidInputError, MissingRegionError

if TYPE_CHECKING:
    import botocore.model
    import botocore.session
    from botocore.config import Config

USER_AGENT = f"panorama-import-gate/{__version__}"

PanoramaClient = Any
"""A botocore client for ``panorama`` (botocore ships no static type for it)."""


@dataclass(frozen=True)
class ClientSettings:
    """How to reach Panorama. Holds no credentials: those come from the AWS chain at call time."""

    region: str | None = None
    """AWS region; falls back to AWS_REGION, AWS_DEFAULT_REGION, then the profile."""
    profile: str | None = None
    """Named profile from ~/.aws; falls back to AWS_PROFILE."""
    endpoint_url: str | None = None
    """Endpoint override (the emulator); falls back to AWS_ENDPOINT_URL_PANORAMA / AWS_ENDPOINT_URL."""
    endpoint_setting: str = "endpoint_url"
    """Where ``endpoint_url`` was set, as errors name it: the property (each front end spells it), or a
    configuration key."""
    max_attempts: int | None = None
    """Total attempts per call; falls back to AWS_MAX_ATTEMPTS, then botocore's default (3)."""
    retry_mode: str | None = None
    """botocore retry mode; falls back to AWS_RETRY_MODE, then ``adaptive`` (see DEFAULT_RETRY_MODE)."""
    connect_timeout: float = 5.0
    """Seconds to wait for a TCP connection."""
    read_timeout: float = 20.0
    """Seconds to wait for a response."""
    max_pool_connections: int = 32
    """HTTP connections kept for concurrent checks on one client."""


#: ``adaptive`` is ``standard`` (3 attempts, backoff on throttling) plus a client-side rate limiter that
#: engages after the first throttled answer and keeps the client near the rate the account's quota admits.
#: Many gates share one account's quota: with ``standard`` their retries run into the same quota until the
#: per-client retry budget is spent and gates fail; with ``adaptive`` they slow down instead (BENCHMARKS.md,
#: P8, has the runs).
DEFAULT_RETRY_MODE = "adaptive"


def client_config(settings: ClientSettings) -> Config:
    from botocore.config import Config

    retries: dict[str, Any] = {"mode": settings.retry_mode or os.environ.get("AWS_RETRY_MODE") or DEFAULT_RETRY_MODE}
    if settings.max_attempts is not None:
        retries["total_max_attempts"] = settings.max_attempts
    return Config(
        retries=retries,  # type: ignore[arg-type]
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        max_pool_connections=settings.max_pool_connections,
        user_agent_extra=USER_AGENT,
    )


def make_client(settings: ClientSettings | None = None) -> PanoramaClient:
    """Build a Panorama client; raise a one-line ConfigurationError if that is impossible."""
    from botocore.exceptions import BotoCoreError

    settings = settings or ClientSettings()
    mistakes = environment_mistakes(settings)
    if mistakes:
        raise mistakes[0]
    try:
        session = _session(settings.profile)
        region = _region(settings.region, session)
        if not region:
            raise MissingRegionError()
        # Typed loosely: the stubs dropped Panorama along with botocore.
        factory: Any = session.create_client
        client = factory(
            "panorama", region_name=region, endpoint_url=settings.endpoint_url, config=client_config(settings)
        )
    except BotoCoreError as exc:
        raise classify(exc, Call("client")) from None
    _endpoints[client] = endpoint_in_effect(settings) or Endpoint(client.meta.endpoint_url, None)
    return client


def endpoint_in_effect(settings: ClientSettings) -> Endpoint | None:
    """The endpoint override a client built with ``settings`` calls, and where it was set (None: none)."""
    if settings.endpoint_url is not None:
        return Endpoint(settings.endpoint_url, settings.endpoint_setting)
    found = environment_endpoint()
    return Endpoint(found[1], found[0]) if found else None


#: Each client's endpoint, kept beside the client (botocore clients have no room for it).
_endpoints: weakref.WeakKeyDictionary[Any, Endpoint] = weakref.WeakKeyDictionary()


#: Where botocore reads an endpoint override from the environment, most specific first.
ENDPOINT_VARIABLES = ("AWS_ENDPOINT_URL_PANORAMA", "AWS_ENDPOINT_URL")


def environment_endpoint() -> tuple[str, str] | None:
    """The environment variable that overrides the Panorama endpoint, and its value (None when unset)."""
    for name in ENDPOINT_VARIABLES:
        value = os.environ.get(name)
        if value:
            return name, value
    return None


#: What botocore accepts in the environment's retry settings.
RETRY_MODES = ("legacy", "standard", "adaptive")


def environment_mistakes(settings: ClientSettings) -> list[InvalidInputError]:
    """The environment's settings that botocore would refuse only when it builds a client or calls
    (a traceback, or "retry later"), checked like inputs: the endpoint override, unless the settings
    name an endpoint, and the retry settings, unless the settings give them."""
    from .rules import check_rule
    from .table import Rule

    mistakes: list[InvalidInputError] = []
    found = environment_endpoint()
    if settings.endpoint_url is None and found is not None:
        try:
            check_rule(*found, Rule.ENDPOINT_URL)
        except InvalidInputError as exc:
            mistakes.append(exc)
    attempts = os.environ.get("AWS_MAX_ATTEMPTS")
    if settings.max_attempts is None and attempts is not None and not (attempts.isdigit() and int(attempts) >= 1):
        mistakes.append(InvalidInputError("AWS_MAX_ATTEMPTS", attempts, "must be a whole number >= 1; check it"))
    mode = os.environ.get("AWS_RETRY_MODE")
    if settings.retry_mode is None and mode is not None and mode not in RETRY_MODES:
        mistakes.append(InvalidInputError("AWS_RETRY_MODE", mode, f"must be {', '.join(RETRY_MODES)}; check it"))
    return mistakes


def _region(explicit: str | None, session: botocore.session.Session) -> str | None:
    """Explicit, else AWS_REGION (botocore itself reads only AWS_DEFAULT_REGION), else the session's."""
    region = explicit or os.environ.get("AWS_REGION") or session.get_config_variable("region")
    return str(region) if region else None


#: The environment the AWS chain reads a region from (part of the cache key below).
_CHAIN_VARIABLES = ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE")


def resolve_region(region: str | None = None, profile: str | None = None) -> str | None:
    """The region a client built with these settings would use, or None if none is configured."""
    return region or _chain_region(profile, tuple(os.environ.get(name) for name in _CHAIN_VARIABLES))


@functools.lru_cache(maxsize=32)
def _chain_region(profile: str | None, _environment: tuple[str | None, ...]) -> str | None:
    # Cached: reading the chain reads the profile files each time, and a provider process diffs every gate
    # of a stack against the same environment and profile files. The environment is part of the key, so a
    # changed one is read.
    from botocore.exceptions import BotoCoreError

    try:
        return _region(None, _session(profile))
    except BotoCoreError:
        return None


def _session(profile: str | None) -> botocore.session.Session:
    """A fresh botocore session (so credentials are read anew) that shares the process's data loader.

    botocore's session builds the very client boto3 would, without importing boto3 and
    s3transfer (about 0.1 s of start-up).
    """
    import botocore.session

    session = botocore.session.Session(profile=profile)
    data_path = session.get_config_variable("data_path")
    with LOADER_LOCK:
        session.register_component("data_loader", loader(data_path if isinstance(data_path, str) else None))
    return session


def server_time(response: Mapping[str, Any]) -> datetime | None:
    """The service's clock when it answered (the HTTP Date header, whole seconds), if it sent one."""
    headers = response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
    try:
        return parsedate_to_datetime(headers["date"]).astimezone(UTC)
    except (KeyError, TypeError, ValueError):
        return None


def region_of(client: PanoramaClient) -> str | None:
    """The region a client calls (named in "not found" errors)."""
    region = getattr(getattr(client, "meta", None), "region_name", None)
    return region if isinstance(region, str) else None


def call_to(client: PanoramaClient, operation: str, job_id: str | None = None) -> Call:
    """A call of ``operation`` through ``client``, as errors name it (where the job was sought, which URL)."""
    return Call(operation, job_id, region_of(client), endpoint_of(client))


def endpoint_of(client: PanoramaClient) -> Endpoint | None:
    """The URL a client calls and the setting it came from (named in errors about the endpoint)."""
    known = _endpoints.get(client)
    if known is not None:
        return known
    url = getattr(getattr(client, "meta", None), "endpoint_url", None)  # a client this module did not build
    return Endpoint(url, None) if isinstance(url, str) else None


_shared: dict[ClientSettings, PanoramaClient] = {}
_shared_lock = threading.Lock()


def shared_client(settings: ClientSettings) -> PanoramaClient:
    """One client per settings for the life of the process (botocore clients are thread-safe).

    The provider process serves many resources at once; building a client costs tens of
    milliseconds of CPU under the GIL, so 50 resources would otherwise queue behind 50
    client builds. The cache lives in this module, never on the pickled provider, and
    keys on settings only: credentials stay inside botocore's refreshable providers.
    """
    with _shared_lock:
        client = _shared.get(settings)
        if client is None:
            client = _shared[settings] = make_client(settings)
        return client
