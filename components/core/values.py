"""Between the plain values a front end holds and the core's typed ones (``model``): each front end parses its
inputs once, at its edge, and stores what the core returns.

- :func:`parse_inputs` reads a gate's inputs by the table's rules: typed values, the inputs not known yet
  (`pulumi preview`), and a :class:`~.errors.Failure` per value that breaks its rule (``check``);
- :func:`inputs_of` does the same where ``check`` has already passed (create, diff, update);
- :func:`state_of` reads a stored state, whichever release wrote it (old shapes: ``migrations``);
- :func:`stored` is the state as a front end stores it (the resource's outputs);
- :func:`parse_lookup` reads the function's arguments.

Pulumi-free: the dynamic provider hands in plain dicts, the plugin its ``PropertyValue``s made plain.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields
from typing import Any

from . import table as p
from .errors import SECRET, Failure, InvalidArgumentsError, InvalidInputError, named
from .job import ImportJob
from .model import Inputs, LookupArgs, State
from .rules import check_property

#: How an unknown value (preview) is written where a plain value stands (the Pulumi wire's sentinel).
UNKNOWN = p.UNKNOWN_SENTINEL


def is_unknown(value: Any) -> bool:
    """A value that is not known yet (preview): Pulumi's ``Unknown`` object or its wire sentinel.

    Checked by class name and sentinel so the core stays free of pulumi imports.
    """
    return type(value).__name__ == "Unknown" or value == UNKNOWN


def contains_unknown(value: Any) -> bool:
    """True if the value, or anything nested in a list or mapping, is unknown."""
    if is_unknown(value):
        return True
    if isinstance(value, Mapping):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(contains_unknown(v) for v in value)
    return False


@dataclass(frozen=True)
class Parsed:
    """Inputs as far as they follow the rules, and a failure for each that does not."""

    inputs: Inputs
    failures: list[Failure]


def parse_inputs(raw: Mapping[str, Any], secrets: Collection[str] = ()) -> Parsed:
    """The gate's inputs, typed. An empty connection setting is unset; an unknown value is named in
    ``Inputs.unknown``; a value that breaks its rule is left out and refused (a secret one unquoted)."""
    values: dict[str, Any] = {}
    unknown: set[str] = set()
    failures: list[Failure] = []
    for prop in p.INPUT_PROPS:
        value = p.setting(raw.get(prop.name)) if prop.name in p.SETTINGS else raw.get(prop.name)
        if value is None:
            continue
        if contains_unknown(value):
            unknown.add(prop.name)
            continue
        try:
            values[prop.name] = check_property(prop, value)
        except InvalidInputError as exc:
            shown = InvalidInputError(prop.name, SECRET, exc.rule) if prop.name in secrets else exc
            failures.append(Failure(prop.name, shown.template))
    resource_key = raw.get(p.RESOURCE_KEY)
    inputs = Inputs(
        **values,
        resource_key=resource_key if isinstance(resource_key, str) else None,
        gate_on_read=raw.get(p.GATE_ON_READ) is True,
        unknown=frozenset(unknown),
    )
    return Parsed(inputs, failures)


def inputs_of(raw: Mapping[str, Any]) -> Inputs:
    """The gate's inputs where ``check`` has passed them (a refusal here is one line all the same)."""
    parsed = parse_inputs(raw)
    if parsed.failures:
        raise InvalidArgumentsError("PackageImportJob", [failure.template for failure in parsed.failures])
    return parsed.inputs


def given(inputs: Inputs, name: str) -> bool:
    """The input is set, to a known value or one not known yet."""
    return name in inputs.unknown or getattr(inputs, name) is not None


def value(inputs: Inputs, name: str) -> Any:
    """The input's value; :data:`UNKNOWN` when it is not known yet."""
    return UNKNOWN if name in inputs.unknown else getattr(inputs, name)


def _stored(prop: p.Property, value: Any) -> Any:
    """A stored value of the property's type (what a release stored, leniently: a setting stored empty is
    unset, and a number stored as an integer is a float)."""
    if value is None or contains_unknown(value) or (prop.name in p.SETTINGS and value == ""):
        return None
    if prop.type is p.Type.NUMBER:
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if prop.type is p.Type.BOOLEAN:
        return value if isinstance(value, bool) else None
    if prop.type is p.Type.STRING_MAP:
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, Mapping) else None
    return value if isinstance(value, str) else None


def state_of(raw: Mapping[str, Any]) -> State:
    """A stored state (the resource's outputs, or for a gated read its inputs), typed.

    A stored value of the wrong type is read as unset (what a release stored stays readable). A gated read's
    values are the arguments of the Python resource's `get`, so they are checked by their rules as inputs are,
    and a refused one is an error, never dropped."""
    if raw.get(p.GATE_ON_READ) is True:
        refused = parse_inputs({key: raw.get(key) for key in p.LOOKUP_KEYS}).failures
        if refused:
            raise InvalidArgumentsError("PackageImportJob.get", [failure.template for failure in refused])
    record = raw.get(p.INPUTS)
    resource_key = raw.get(p.RESOURCE_KEY)
    return State(
        **{prop.name: _stored(prop, raw.get(prop.name)) for prop in p.STATE_PROPS},
        resource_key=resource_key if isinstance(resource_key, str) else None,
        gate_on_read=raw.get(p.GATE_ON_READ) is True,
        record=dict(record) if isinstance(record, Mapping) else None,
    )


def stored(state: State) -> dict[str, Any]:
    """The state as the front ends store it: every property (None when unset), the key and the record."""
    values: dict[str, Any] = {prop.name: getattr(state, prop.name) for prop in p.STATE_PROPS}
    values[p.RESOURCE_KEY] = state.resource_key
    values[p.INPUTS] = dict(state.record) if state.record is not None else None
    return values


#: The inputs a state echoes: the ones a job does not report (a reported output replaces its input).
_ECHOED = tuple(prop.name for prop in p.INPUT_PROPS if prop.name not in p.JOB_OUTPUT_KEYS)


def settled(job: ImportJob, inputs: Inputs | State, record: Mapping[str, Any]) -> State:
    """The state of a gate whose job is ``job``: what the job reports, the other inputs echoed, the record."""
    echoed = {name: getattr(inputs, name) for name in _ECHOED}
    reported = {name: None for name in p.JOB_OUTPUT_KEYS} | p.job_outputs(job)
    return State(**echoed, **reported, resource_key=inputs.resource_key, record=dict(record))


_LOOKUP = tuple(field.name for field in fields(LookupArgs))


def parse_lookup(raw: Mapping[str, Any]) -> tuple[LookupArgs, list[Failure]]:
    """The function's arguments, typed, and a failure for each that breaks its rule."""
    values: dict[str, Any] = {}
    failures: list[Failure] = []
    for name in _LOOKUP:
        prop = p.BY_NAME[name]
        value = p.setting(raw.get(name)) if name in p.SETTINGS else raw.get(name)
        if value is None:
            continue
        if contains_unknown(value):  # the engine's SDKs skip such a call in preview: never read a guess
            failures.append(Failure(name, f"{named(name)} is not known yet; pass a value known at preview"))
            continue
        try:
            values[name] = check_property(prop, value)
        except InvalidInputError as exc:
            failures.append(Failure(name, exc.template))
    return LookupArgs(**values), failures
