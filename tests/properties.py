"""What the property tests share: how many cases each must run, hypothesis's settings, the strategies of
plain values, and the count each test asserts."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

CASES = 1000
PROPERTY_SETTINGS = settings(
    max_examples=CASES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

# -- strategies ----------------------------------------------------------------------
ids = st.from_regex(r"[a-zA-Z0-9_-]{1,20}", fullmatch=True)
texts = st.one_of(st.text(max_size=70), st.text(alphabet="ab-_\n/ .9", max_size=300), ids)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=True), texts)


def generated(name: str, prop: Callable[[], None], cases: list[int]) -> int:
    """Run a hypothesis property (it appends to ``cases`` once per case) and return how many ran.

    The count lives in the test that asserts it, so every test passes alone and in any order.
    """
    prop()
    print(f"\n{name}: {len(cases)} generated cases")
    return len(cases)
