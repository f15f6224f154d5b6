"""Property values between the plugin protocol (camelCase, ``PropertyValue``) and the core (snake_case, plain)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pulumi.provider.experimental.property_value import Computed, PropertyValue

from .. import properties as p

_UPPER = re.compile(r"(?<!^)(?=[A-Z])")


def snake(wire: str) -> str:
    """``outputS3Uri`` → ``output_s3_uri``: the table's name when the property is in it."""
    try:
        return p.by_wire(wire).name
    except KeyError:
        return _UPPER.sub("_", wire).lower()


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


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


def _value(value: Any) -> PropertyValue:
    if value == p.UNKNOWN_SENTINEL:
        return PropertyValue.computed()
    if isinstance(value, Mapping):
        return PropertyValue({str(k): _value(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return PropertyValue([_value(v) for v in value])
    if isinstance(value, int) and not isinstance(value, bool):
        return PropertyValue(float(value))
    return PropertyValue(value)


def to_wire(values: Mapping[str, Any]) -> dict[str, PropertyValue]:
    return {camel(k): _value(v) for k, v in values.items()}
