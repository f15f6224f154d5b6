"""Property values between the plugin protocol (camelCase, ``PropertyValue``) and the core (snake_case, plain).

Secrets: the plugin accepts secret inputs (``accept_secrets``). The core works on plain values, so
:func:`secret_names` notes which inputs were secret and :func:`to_wire` marks every output derived
from them secret again, including their entries in the recorded identity (``inputs``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from pulumi.provider.experimental.property_value import Computed, PropertyValue

from ..core import table as p

_UPPER = re.compile(r"(?<!^)(?=[A-Z])")

camel = p.camel


def snake(wire: str) -> str:
    """``outputS3Uri`` → ``output_s3_uri``: the table's name when the property is in it."""
    try:
        return p.by_wire(wire).name
    except KeyError:
        return _UPPER.sub("_", wire).lower()


def plain(value: PropertyValue) -> Any:
    """A plain Python value; an unknown (preview) becomes the wire's unknown sentinel."""
    inner = value.value
    if isinstance(inner, Computed):
        return p.UNKNOWN_SENTINEL
    if isinstance(inner, Mapping):
        return {k: plain(v) for k, v in inner.items()}
    if isinstance(inner, (list, tuple)):
        return [plain(v) for v in inner]
    return inner


def from_wire(values: Mapping[str, PropertyValue]) -> dict[str, Any]:
    """Top-level names become the core's snake_case names; nested maps (tags, the record) keep theirs."""
    return {snake(k): plain(v) for k, v in values.items()}


def secret_names(*bags: Mapping[str, PropertyValue]) -> set[str]:
    """The core names of the properties that are, or hold, a secret, in any of the bags, including the
    entries of a recorded identity (``inputs``) in state."""
    names: set[str] = set()
    for bag in bags:
        names.update(snake(k) for k, v in bag.items() if v.contains_secret())
        record = bag.get(camel(p.INPUTS))
        if record is not None and isinstance(record.value, Mapping):
            names.update(k for k, v in record.value.items() if v.contains_secret())
    return names


def plain_in_record(old_state: Mapping[str, PropertyValue], news: Mapping[str, PropertyValue]) -> list[str]:
    """Secret inputs whose copy in the recorded identity is stored in plain text (state written by
    plugin 0.2.0, which did not accept secrets): ``migrations`` has the next update store them again."""
    record = old_state.get(camel(p.INPUTS))
    if record is None or record.is_secret or not isinstance(record.value, Mapping):
        return []  # no record, or one encrypted as a whole
    secrets = secret_names(news) | {snake(k) for k, v in old_state.items() if v.is_secret}
    return sorted(k for k, v in record.value.items() if k in secrets and not v.contains_secret())


def _value(value: Any, secret: bool = False) -> PropertyValue:
    if value == p.UNKNOWN_SENTINEL:
        wired = PropertyValue.computed()
    elif isinstance(value, Mapping):
        wired = PropertyValue({str(k): _value(v) for k, v in value.items()})
    elif isinstance(value, (list, tuple)):
        wired = PropertyValue([_value(v) for v in value])
    elif isinstance(value, int) and not isinstance(value, bool):
        wired = PropertyValue(float(value))
    else:
        wired = PropertyValue(value)
    return wired.with_secret(True) if secret and value is not None else wired


def to_wire(values: Mapping[str, Any], secrets: Collection[str] = ()) -> dict[str, PropertyValue]:
    """camelCase names and ``PropertyValue``s; the properties named in ``secrets`` are secret, and so are
    their entries in the recorded identity (which keeps the core's names)."""
    wired = {camel(k): _value(v, k in secrets) for k, v in values.items() if k != p.INPUTS}
    record = values.get(p.INPUTS)
    if isinstance(record, Mapping):
        wired[camel(p.INPUTS)] = PropertyValue({str(k): _value(v, k in secrets) for k, v in record.items()})
    elif p.INPUTS in values:
        wired[camel(p.INPUTS)] = _value(record)
    return wired
