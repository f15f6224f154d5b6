"""Fault injection and request counters, changeable at run time through `/_emulator/faults`."""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .exceptions import InternalServerException, PanoramaError, ServiceUnavailableException, ThrottlingException


@dataclass(frozen=True)
class Action:
    """What the server does for one kind of fault, instead of (or after) calling the backend."""

    #: Answer this error instead of calling the backend.
    error: Callable[[Faults], PanoramaError] | None = None
    #: Write these bytes, then reset the connection (TCP RST); the backend is not called.
    reset_after: bytes | None = None
    #: Call the backend, then answer HTTP 200 with this body instead of its result.
    body: bytes | None = None
    #: The `responses` counter a non-error fault is recorded under (an error counts as its code).
    outcome: str = ""


#: Fault kind to action; a request gets the first kind whose `<kind>_next` is pending, in this order.
ACTIONS: dict[str, Action] = {
    "throttle": Action(error=lambda faults: ThrottlingException("Rate exceeded.")),
    "error": Action(error=lambda faults: InternalServerException("An internal error occurred.", faults.retry_after())),
    "unavailable": Action(error=lambda faults: ServiceUnavailableException("Service is temporarily unavailable.")),
    "drop": Action(
        reset_after=b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 512\r\n\r\n{",
        outcome="dropped",
    ),
    "malformed": Action(body=b'{"JobId": "truncated', outcome="malformed"),
}
#: Fault kinds that also have a `<kind>_rate`, rolled in this order when nothing is pending.
RATED = ("throttle", "error", "drop")


@dataclass
class FaultConfig:
    """Faults applied to API requests (admin paths are never faulted).

    ``*_rate`` fields are probabilities in [0, 1]; ``*_next`` fields are counts of
    upcoming requests that get the fault for sure, consumed one per request.
    """

    latency_ms: int = 0
    throttle_rate: float = 0.0
    throttle_next: int = 0
    error_rate: float = 0.0
    error_next: int = 0
    retry_after_seconds: int = 1
    unavailable_next: int = 0
    drop_rate: float = 0.0
    drop_next: int = 0
    malformed_next: int = 0
    #: Operations answered with AccessDeniedException.
    deny_operations: list[str] = field(default_factory=list)
    #: Access key IDs answered with ExpiredTokenException.
    expired_access_keys: list[str] = field(default_factory=list)
    #: Limit the rate/next faults to these operations (empty: all operations).
    operations: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FaultConfig:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown fault setting(s): {', '.join(sorted(unknown))}")
        config = cls(**data)
        for name in (f"{kind}_rate" for kind in RATED):
            value = getattr(config, name)
            if not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise ValueError(f"{name} must be a number between 0 and 1")
        for name in ("latency_ms", *(f"{kind}_next" for kind in ACTIONS)):
            value = getattr(config, name)
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a non-negative integer")
        return config


class Faults:
    """Thread-safe holder of the fault config and the per-operation counters."""

    def __init__(self, config: FaultConfig | None = None, seed: int | None = None) -> None:
        self._config = config or FaultConfig()
        self._lock = threading.Lock()
        self._random = random.Random(seed)
        self.requests: Counter[str] = Counter()
        self.responses: Counter[str] = Counter()

    def get(self) -> dict[str, Any]:
        with self._lock:
            return asdict(self._config)

    def set(self, data: dict[str, Any]) -> dict[str, Any]:
        config = FaultConfig.from_dict(data)
        with self._lock:
            self._config = config
            return asdict(config)

    def latency_seconds(self) -> float:
        return self._config.latency_ms / 1000.0

    def denied(self, operation: str) -> bool:
        return operation in self._config.deny_operations

    def expired(self, access_key: str) -> bool:
        return access_key in self._config.expired_access_keys

    def retry_after(self) -> int:
        return self._config.retry_after_seconds

    def count(self, operation: str) -> None:
        """Count one request for an operation (signed or not)."""
        with self._lock:
            self.requests[operation] += 1

    def draw(self, operation: str) -> Action | None:
        """Pick the fault (if any) an authorized request gets, consuming a pending `*_next`."""
        with self._lock:
            config = self._config
            if config.operations and operation not in config.operations:
                return None
            for kind, action in ACTIONS.items():
                pending = getattr(config, f"{kind}_next")
                if pending > 0:
                    setattr(config, f"{kind}_next", pending - 1)
                    return action
            for kind in RATED:
                rate = getattr(config, f"{kind}_rate")
                if rate and self._random.random() < rate:
                    return ACTIONS[kind]
            return None

    def record(self, outcome: str) -> None:
        with self._lock:
            self.responses[outcome] += 1

    def counters(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": dict(self.requests),
                "responses": dict(self.responses),
                "total": sum(self.requests.values()),
            }

    def reset_counters(self) -> None:
        with self._lock:
            self.requests.clear()
            self.responses.clear()
