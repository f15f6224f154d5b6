"""Fixtures of the emulator-over-HTTP tests (the shared ones are in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from emulator.testing import EmulatorProcess


@pytest.fixture
def fresh_emulator() -> Iterator[EmulatorProcess]:
    """An emulator of the test's own, holding nothing yet: counts on it are exact."""
    with EmulatorProcess() as process:
        yield process
