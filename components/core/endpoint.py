"""Which endpoint a client calls: named in the errors about it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Endpoint:
    """The URL a client calls, as it was typed, and the setting it came from (named in errors about it)."""

    url: str
    field: str | None
    """A property, a configuration key or an environment variable; None: AWS's own endpoint for the region."""
