"""Input rules, checked before any API call.

The Panorama service model is the authority: lengths, patterns, enums and
collection bounds are read from the installed model (once, on first use, through
the process's shared botocore loader), so they cannot drift from what the service
enforces. Rules the model cannot express are written by hand below, and
:data:`HAND_WRITTEN` lists them: durations, booleans, and whole-value matching.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import table as p
from .errors import InvalidInputError, field_text
from .table import BY_NAME, Property, Rule, Type

if TYPE_CHECKING:
    from botocore.model import Shape

#: Rules that are not in the service model, and why they are written here.
HAND_WRITTEN = {
    Rule.SECONDS: "durations are a client-side setting; NaN or infinity would make a wait endless",
    Rule.POSITIVE_SECONDS: "a poll delay of 0 would poll in a busy loop",
    Rule.BOOLEAN: "booleans arrive untyped from YAML and stack config; the model only says `boolean`",
    Rule.REGION: "a client-side setting; botocore's own check (validate_region_name) decides, before any call",
    Rule.ENDPOINT_URL: "a client-side setting; botocore accepts any scheme and fails only when it calls",
}

#: Shapes the core checks outside the resource's own inputs (the CLI's arguments, `find`), from the table.
JOB_ID: str = BY_NAME[p.JOB_ID].shape or ""
PACKAGE_NAME: str = BY_NAME[p.OUTPUT_PACKAGE_NAME].shape or ""
PACKAGE_VERSION: str = BY_NAME[p.OUTPUT_PACKAGE_VERSION].shape or ""


@functools.cache
def shape(name: str) -> Shape:
    """A shape of the installed Panorama service model (the model is parsed once per process)."""
    from botocore.exceptions import BotoCoreError

    from .botocore_data import service_model
    from .error_map import Call, classify

    try:
        return service_model().shape_for(name)
    except BotoCoreError as exc:  # NoShapeError is a programming error; a missing model is the user's
        raise classify(exc, Call("validation")) from None


def _enum(spec: Shape) -> list[str]:
    return list(getattr(spec, "enum", None) or [])


def describe(name: str) -> str:
    """The rule a string shape imposes, in words (shown in errors and docs)."""
    spec = shape(name)
    if _enum(spec):
        return f"must be one of {', '.join(_enum(spec))}"
    meta = spec.metadata
    # Patterns are matched whole (re.fullmatch): a trailing newline cannot slip past `$`.
    return f"must be {meta.get('min', 0)}-{meta.get('max', '…')} characters matching {meta.get('pattern', '.*')}"


def check(field: str, value: object, shape_name: str) -> str:
    """Return ``value`` if it satisfies the string shape; raise InvalidInputError naming ``field`` otherwise."""
    spec = shape(shape_name)
    if not isinstance(value, str):
        raise InvalidInputError(field, value, "must be a string")
    if _enum(spec):
        if value not in _enum(spec):
            raise InvalidInputError(field, value, describe(shape_name))
        return value
    meta = spec.metadata
    length_ok = meta.get("min", 0) <= len(value) <= meta.get("max", math.inf)
    if not length_ok or not re.fullmatch(meta.get("pattern", ".*"), value):
        raise InvalidInputError(field, value, describe(shape_name))
    return value


def check_map(field: str, value: object, shape_name: str) -> dict[str, str]:
    """Validate a string map against a map shape: its entry bounds, then every key and value."""
    spec = shape(shape_name)
    if not isinstance(value, Mapping):
        raise InvalidInputError(field, value, "must be a mapping of keys to values")
    most = spec.metadata.get("max")
    if most is not None and len(value) > most:
        raise InvalidInputError(field, f"{len(value)} entries", f"must hold at most {most}")
    for key, item in value.items():
        check(f"{field_text(field)} key", key, spec.key.name)  # type: ignore[attr-defined]
        check(f"{field_text(field)}[{key}]", item, spec.value.name)  # type: ignore[attr-defined]
    return {str(k): str(v) for k, v in value.items()}


#: What a value of each non-string rule is, in a word.
_KIND = {Rule.SECONDS: "a number", Rule.POSITIVE_SECONDS: "a number", Rule.BOOLEAN: "true or false"}


def check_rule(field: str, value: object, rule: Rule) -> Any:
    """A hand-written rule (see :data:`HAND_WRITTEN`)."""
    if rule in (Rule.REGION, Rule.ENDPOINT_URL):
        valid = region_is_valid if rule is Rule.REGION else endpoint_is_valid
        if not isinstance(value, str) or not valid(value):
            raise InvalidInputError(field, value, f"must be {rule.value}; check it")
        return value
    if isinstance(value, str):
        # YAML and stack config hand over `"60"` or `"true"` as easily as 60 or true: say what was given.
        raise InvalidInputError(field, value, f"must be {_KIND[rule]}, not a string; write it without quotes")
    if rule is Rule.BOOLEAN:
        if not isinstance(value, bool):
            raise InvalidInputError(field, value, f"must be {rule.value}")
        return value
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise InvalidInputError(field, value, f"must be {rule.value}")
    if value < 0 or (rule is Rule.POSITIVE_SECONDS and value == 0):
        raise InvalidInputError(field, value, f"must be {rule.value}")
    return float(value)


def region_is_valid(region: str) -> bool:
    """A region name botocore accepts (it would refuse it only when building a client)."""
    from botocore.exceptions import InvalidRegionError
    from botocore.utils import validate_region_name

    try:
        validate_region_name(region)
    except InvalidRegionError:
        return False
    return bool(region)


def region_is_in_a_partition(region: str) -> bool:
    """A region named as some AWS partition names its regions (``us-east1`` is not). A well-formed name that
    botocore does not list yet passes: only the shape is checked."""
    from .botocore_data import region_patterns

    return any(re.fullmatch(pattern, region) for pattern in region_patterns())


def profile_is_known(profile: str) -> bool:
    """A profile named in the AWS config or credentials files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE)."""
    import botocore.session

    return profile in botocore.session.Session().available_profiles


def endpoint_is_valid(url: str) -> bool:
    """An http(s) URL with a host (and a numeric port, if any), as botocore needs to call it."""
    from urllib.parse import urlsplit

    from botocore.utils import is_valid_endpoint_url, is_valid_ipv6_endpoint_url

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(is_valid_endpoint_url(url) or is_valid_ipv6_endpoint_url(url))


def check_delays(min_field: str, min_delay: float, max_field: str, max_delay: float) -> None:
    """The minimum poll delay must not exceed the maximum (rather than be silently clamped)."""
    if min_delay > max_delay:
        raise InvalidInputError(
            min_field,
            min_delay,
            f"must not exceed {field_text(max_field)} ({max_delay:g}); lower one or raise the other",
        )


def check_property(prop: Property, value: object, field: str | None = None) -> Any:
    """Check a known input value against its property's rule; return it normalized.

    ``field`` names the value in errors when it is not the property's own name (a configuration key).
    """
    field = field or prop.name
    if prop.rule is not None:
        return check_rule(field, value, prop.rule)
    if prop.shape is not None and prop.type is Type.STRING_MAP:
        return check_map(field, value, prop.shape)
    if prop.shape is not None:
        return check(field, value, prop.shape)
    if not isinstance(value, str):
        raise InvalidInputError(field, value, "must be a string")
    return value
