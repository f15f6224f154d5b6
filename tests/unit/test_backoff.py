"""Backoff: capped, growing, jittered within bounds."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from components import Backoff


@given(
    min_delay=st.floats(0.01, 10),
    spread=st.floats(1, 100),
    multiplier=st.floats(1, 4),
    jitter=st.floats(0, 0.99),
    attempt=st.integers(0, 10_000),
    seed=st.integers(0, 2**32),
)
def test_delay_stays_between_jittered_base_and_max(
    min_delay: float, spread: float, multiplier: float, jitter: float, attempt: int, seed: int
) -> None:
    backoff = Backoff(min_delay=min_delay, max_delay=min_delay * spread, multiplier=multiplier, jitter=jitter)
    delay = backoff.delay(attempt, random.Random(seed))
    base = backoff.base(attempt)
    assert base * (1 - jitter) - 1e-9 <= delay <= base <= backoff.max_delay + 1e-9


def test_base_grows_geometrically_until_the_cap() -> None:
    backoff = Backoff(min_delay=0.5, max_delay=4, multiplier=2, jitter=0)
    assert [backoff.delay(n) for n in range(6)] == [0.5, 1, 2, 4, 4, 4]


def test_jitter_spreads_concurrent_waiters() -> None:
    backoff = Backoff(min_delay=1, max_delay=1, jitter=0.5)
    rng = random.Random(7)
    assert len({round(backoff.delay(3, rng), 6) for _ in range(20)}) > 10


@pytest.mark.parametrize(
    "kwargs", [{"min_delay": 0}, {"min_delay": 5, "max_delay": 1}, {"jitter": 1}, {"multiplier": 0.5}]
)
def test_invalid_backoff_is_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Backoff(**kwargs)
