"""The pinned versions as scripts/versions.env writes them (the build scripts source that file)."""

from __future__ import annotations

import re

from tests.conftest import ROOT

VERSIONS_FILE = ROOT / "scripts" / "versions.env"

# `NAME="${NAME:-value}"` (the environment may override it) or `NAME=value`.
_ASSIGNMENT = re.compile(r'(?P<name>[A-Z][A-Z0-9_]*)=(?:"\$\{(?P=name):-(?P<default>[^"${}]+)\}"|(?P<value>[^\s"$#]+))')


def pinned() -> dict[str, str]:
    """Each name of versions.env with the value it has when the environment does not override it."""
    values: dict[str, str] = {}
    for number, line in enumerate(VERSIONS_FILE.read_text().splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _ASSIGNMENT.fullmatch(line.strip())
        assert match, f'{VERSIONS_FILE.name}:{number} is neither NAME="${{NAME:-value}}" nor NAME=value: {line!r}'
        values[match["name"]] = match["default"] or match["value"]
    return values


PINNED = pinned()
PULUMI_VERSION = PINNED["PULUMI_VERSION"]
PULUMI_YAML_VERSION = PINNED["PULUMI_YAML_VERSION"]
SEAWEEDFS_VERSION = PINNED["SEAWEEDFS_VERSION"]
GO_MINIMUM = PINNED["GO_MINIMUM"]
