"""Request parsing and validation driven by the service model: required members,
lengths, patterns, ranges and enums, checked the way AWS reports them."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

from botocore.model import OperationModel, Shape, StringShape

from .exceptions import ValidationException


def _fail(path: str, rule: str) -> ValidationException:
    return ValidationException(f"1 validation error detected: Value at '{path}' failed to satisfy constraint: {rule}")


def _check_scalar(shape: Shape, value: Any, path: str) -> None:
    meta = shape.metadata
    kind = shape.type_name
    if kind == "string":
        if not isinstance(value, str):
            raise _fail(path, "Member must be a string")
        if "min" in meta and len(value) < meta["min"]:
            raise _fail(path, f"Member must have length greater than or equal to {meta['min']}")
        if "max" in meta and len(value) > meta["max"]:
            raise _fail(path, f"Member must have length less than or equal to {meta['max']}")
        if "pattern" in meta and not re.fullmatch(meta["pattern"], value):
            raise _fail(path, f"Member must satisfy regular expression pattern: {meta['pattern']}")
        if isinstance(shape, StringShape) and shape.enum and value not in shape.enum:
            raise _fail(path, f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
    elif kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(path, "Member must be an integer")
        if "min" in meta and value < meta["min"]:
            raise _fail(path, f"Member must have value greater than or equal to {meta['min']}")
        if "max" in meta and value > meta["max"]:
            raise _fail(path, f"Member must have value less than or equal to {meta['max']}")
    elif kind == "boolean" and not isinstance(value, bool):
        raise _fail(path, "Member must be a boolean")


def validate(shape: Shape, value: Any, path: str) -> None:
    """Raise ValidationException when ``value`` does not satisfy ``shape``."""
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            raise _fail(path, "Member must be a structure")
        members = shape.members  # type: ignore[attr-defined]
        for name in shape.required_members:
            if value.get(name) is None:
                raise _fail(f"{path}.{name}" if path else name, "Member must not be null")
        for name, member_value in value.items():
            if name not in members:
                raise ValidationException(f"Unknown parameter '{name}' in '{path or 'request'}'", "CANNOT_PARSE")
            if member_value is not None:
                validate(members[name], member_value, f"{path}.{name}" if path else name)
    elif kind == "list":
        if not isinstance(value, list):
            raise _fail(path, "Member must be a list")
        for index, item in enumerate(value):
            validate(shape.member, item, f"{path}.{index + 1}.member")  # type: ignore[attr-defined]
    elif kind == "map":
        if not isinstance(value, dict):
            raise _fail(path, "Member must be a map")
        meta = shape.metadata
        if "max" in meta and len(value) > meta["max"]:
            raise _fail(path, f"Member must have length less than or equal to {meta['max']}")
        for key, item in value.items():
            validate(shape.key, key, f"{path}.key")  # type: ignore[attr-defined]
            validate(shape.value, item, f"{path}.{key}")  # type: ignore[attr-defined]
    else:
        _check_scalar(shape, value, path)


def parse_request(
    operation: OperationModel, path_params: dict[str, str], query: dict[str, list[str]], body: bytes
) -> dict[str, Any]:
    """Collect an operation's input from path, query string and JSON body, then validate it."""
    shape = operation.input_shape
    params: dict[str, Any] = {}
    if shape is None:
        return params
    body_members: dict[str, Any] = {}
    if body.strip():
        try:
            body_members = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ValidationException("Request body is not valid JSON.", "CANNOT_PARSE") from exc
        if not isinstance(body_members, dict):
            raise ValidationException("Request body must be a JSON object.", "CANNOT_PARSE")
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        if location == "uri":
            params[name] = unquote(path_params[wire])
        elif location == "querystring":
            if wire in query:
                raw = query[wire][-1]
                if member.type_name == "integer":
                    try:
                        params[name] = int(raw)
                    except ValueError as exc:
                        raise _fail(name, "Member must be an integer") from exc
                else:
                    params[name] = raw
        elif location is None and name in body_members:
            params[name] = body_members.pop(name)
    for extra in body_members:
        raise ValidationException(f"Unknown parameter '{extra}' in request body", "CANNOT_PARSE")
    validate(shape, params, "")
    return params
