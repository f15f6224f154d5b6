"""Per-operation request-rate quotas: one token bucket per (access key, operation), as AWS
throttles each account's calls to each API. Off until a quota is set (`--quota`, `PUT quotas`).

A quota is ``rate`` requests per second with a bucket of ``burst`` tokens: a full bucket lets
``burst`` requests through at once, then one more every ``1 / rate`` seconds. The "account" is
the access key ID of the request's SigV4 credential (the emulator knows no other account).
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .routes import OPERATIONS

ACCEPTED = "accepted"
THROTTLED = "throttled"
#: The `--quota` flag's syntax, also accepted as a quota's value by `PUT /_emulator/quotas`.
SYNTAX = "OPERATION=RATE[/BURST]"


@dataclass(frozen=True)
class Quota:
    """``rate`` requests per second, ``burst`` of them at once (default: the rate, at least 1)."""

    rate: float
    burst: int

    @classmethod
    def of(cls, rate: Any, burst: Any = None) -> Quota:
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 < rate < math.inf:
            raise ValueError(f"rate must be a number of requests per second > 0, not {rate!r}")
        if burst is None:
            burst = max(1, math.ceil(rate))
        if isinstance(burst, bool) or not isinstance(burst, int) or burst < 1:
            raise ValueError(f"burst must be a whole number of requests >= 1, not {burst!r}")
        return cls(float(rate), burst)

    @classmethod
    def parse(cls, text: str) -> Quota:
        """``RATE[/BURST]``, e.g. ``10`` or ``10/20`` or ``0.5/1``."""
        rate, _, burst = text.strip().partition("/")
        try:
            return cls.of(float(rate), int(burst) if burst else None)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not RATE[/BURST] ({exc})") from exc

    @classmethod
    def from_json(cls, value: Any) -> Quota:
        """``{"rate": 10, "burst": 20}`` (burst optional) or the flag's ``"10/20"``."""
        if isinstance(value, str):
            return cls.parse(value)
        if not isinstance(value, dict) or set(value) - {"rate", "burst"}:
            raise ValueError('a quota is {"rate": RATE, "burst": BURST} (burst optional) or "RATE/BURST"')
        return cls.of(value.get("rate"), value.get("burst"))

    def to_json(self) -> dict[str, Any]:
        return {"rate": self.rate, "burst": self.burst}


def checked_operation(name: str) -> str:
    if name not in OPERATIONS:
        raise ValueError(f"unknown operation {name!r} (one of {', '.join(OPERATIONS)})")
    return name


def parse_flag(text: str) -> tuple[str, Quota]:
    """One `--quota` value: ``DescribePackageImportJob=10/20``."""
    operation, equals, limit = text.partition("=")
    if not equals:
        raise ValueError(f"{text!r} is not {SYNTAX}")
    return checked_operation(operation.strip()), Quota.parse(limit)


def quotas_from_json(data: dict[str, Any]) -> dict[str, Quota]:
    """The body of `PUT /_emulator/quotas`: operation name to quota."""
    return {checked_operation(name): Quota.from_json(value) for name, value in data.items()}


class TokenBucket:
    """Holds up to ``quota.burst`` tokens, refilled at ``quota.rate`` per second; a request takes one."""

    def __init__(self, quota: Quota, now: float) -> None:
        self.quota = quota
        self.tokens = float(quota.burst)
        self.stamp = now

    def take(self, now: float) -> bool:
        """Take a token at time ``now`` (seconds, monotonic); False if the bucket holds less than one."""
        elapsed = max(0.0, now - self.stamp)
        self.tokens = min(float(self.quota.burst), self.tokens + elapsed * self.quota.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class Quotas:
    """Thread-safe quotas, their buckets and the accepted/throttled counters."""

    def __init__(self, limits: dict[str, Quota] | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self._limits = dict(limits or {})
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, str], TokenBucket] = {}
        self._counts: Counter[tuple[str, str, str]] = Counter()  # (access key, operation, outcome)

    def admit(self, access_key: str, operation: str) -> bool:
        """Whether a request of ``access_key`` to ``operation`` is within its quota (counted either way)."""
        with self._lock:
            quota = self._limits.get(operation)
            admitted = True
            if quota is not None:
                bucket = self._buckets.get((access_key, operation))
                if bucket is None:
                    bucket = self._buckets[access_key, operation] = TokenBucket(quota, self._clock())
                admitted = bucket.take(self._clock())
            self._counts[access_key, operation, ACCEPTED if admitted else THROTTLED] += 1
            return admitted

    def set(self, limits: dict[str, Quota]) -> dict[str, Any]:
        """Replace every quota (``{}`` turns them off); every bucket starts full again."""
        with self._lock:
            self._limits = dict(limits)
            self._buckets.clear()
        return self.get()

    def reset_counters(self) -> None:
        with self._lock:
            self._counts.clear()

    def get(self) -> dict[str, Any]:
        """The quotas and the counters: per operation, and per access key and operation."""
        with self._lock:
            limits = {name: quota.to_json() for name, quota in sorted(self._limits.items())}
            counts = dict(self._counts)
        per_operation: dict[str, dict[str, int]] = {}
        per_key: dict[str, dict[str, dict[str, int]]] = {}
        for (key, operation, outcome), count in sorted(counts.items()):
            per_operation.setdefault(operation, {ACCEPTED: 0, THROTTLED: 0})[outcome] += count
            per_key.setdefault(key, {}).setdefault(operation, {ACCEPTED: 0, THROTTLED: 0})[outcome] += count
        return {"quotas": limits, "counters": per_operation, "access_keys": per_key}
