"""The delay between status polls: growing with the job's age, capped, with jitter."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .table import DEFAULT_POLL_MAX_DELAY, DEFAULT_POLL_MIN_DELAY


@dataclass(frozen=True)
class Backoff:
    """Delay before the next poll. Waits use ``for_age`` (the job's age decides); ``delay(n)`` is
    the same curve counted in polls (0-based) for a job watched from its start::

        base(n)  = min(max_delay, min_delay * multiplier ** n)
        delay(n) = uniform(base(n) * (1 - jitter), base(n))

    Jitter only shortens a delay, so ``max_delay`` is a true upper bound and
    concurrent waiters spread out instead of polling in lock-step.
    """

    min_delay: float = DEFAULT_POLL_MIN_DELAY
    """Delay for a brand-new job, in seconds."""
    max_delay: float = DEFAULT_POLL_MAX_DELAY
    """Largest delay, in seconds."""
    # 1.1 keeps each delay within ~10 % of the time already waited, so a finished job is
    # seen within about 10 % of its duration + min_delay. The price is calls: ~13 in the
    # first 10 s and ~30 in the first minute, then one per max_delay.
    multiplier: float = 1.1
    """Growth factor per poll."""
    jitter: float = 0.1
    """Share of each delay that is randomized (0 disables jitter)."""

    def __post_init__(self) -> None:
        if not 0 < self.min_delay <= self.max_delay:
            raise ValueError("backoff delays must satisfy 0 < min_delay <= max_delay")
        if self.multiplier < 1 or not 0 <= self.jitter < 1:
            raise ValueError("backoff needs multiplier >= 1 and 0 <= jitter < 1")

    def for_age(self, age: float, rng: random.Random | None = None) -> float:
        """Delay before the next poll of a job that is ``age`` seconds old::

            base(age) = min(max_delay, min_delay + (multiplier - 1) * age)

        The same curve as ``delay(n)`` for a job watched since it started (each delay is
        ~10 % of the time waited so far), but it follows the *job's* age: a job adopted
        minutes after it started is polled at its age's pace, not from ``min_delay`` again.
        A job still PENDING at age ``a`` runs at least ``a``, so the delay stays within
        ``min_delay`` + 10 % of the job's run time.
        """
        base = min(self.max_delay, self.min_delay + (self.multiplier - 1) * max(0.0, age))
        return base - base * self.jitter * (rng or random).random()

    def base(self, attempt: int) -> float:
        # Cap the exponent so huge attempt numbers cannot overflow a float.
        return min(self.max_delay, self.min_delay * self.multiplier ** min(attempt, 200))

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        base = self.base(attempt)
        return base - base * self.jitter * (rng or random).random()
