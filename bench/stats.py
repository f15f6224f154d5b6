"""Repeated measurements: median, min and max, and ratios against an anchor."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    """Repeated measurements of one figure."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def cell(self, unit: str = "s", digits: int = 2) -> str:
        fmt = f"{{:.{digits}f}}"
        return (
            f"{fmt.format(self.median)} {unit} ({fmt.format(min(self.values))}–{fmt.format(max(self.values))}, "
            f"n={len(self.values)})"
        )


def repeat(times: int, measure: Callable[[], float]) -> Sample:
    return Sample(tuple(measure() for _ in range(times)))


def wall(command: Sequence[str], **kwargs: object) -> float:
    """Wall time of one whole process, which must succeed."""
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - started


def ratio(value: Sample, anchor: Sample) -> str:
    return f"{value.median / anchor.median:.2f}×"
