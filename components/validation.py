"""Input rules from the Panorama service model, checked before any API call.

The rules are restated here (rather than read from the model at run time) so a
check costs microseconds and works without a client; a contract test compares
them with the installed service model.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import InvalidInputError


@dataclass(frozen=True)
class Rule:
    """A string constraint: length bounds and a regular expression."""

    min_len: int
    max_len: int
    pattern: str
    #: Service-model shape the rule comes from.
    shape: str

    def describe(self) -> str:
        # Patterns are matched whole (re.fullmatch): a trailing newline cannot slip past `$`.
        return f"must be {self.min_len}-{self.max_len} characters matching {self.pattern}"


ID_PATTERN = r"^[a-zA-Z0-9\-\_]+$"
RULES: dict[str, Rule] = {
    "job_id": Rule(1, 255, ID_PATTERN, "JobId"),
    "client_token": Rule(1, 64, ID_PATTERN, "ClientToken"),
    "package_name": Rule(1, 128, ID_PATTERN, "NodePackageName"),
    "package_version": Rule(1, 255, r"^([0-9]+)\.([0-9]+)$", "NodePackageVersion"),
    "bucket": Rule(1, 255, r"^.+$", "BucketName"),
    "key": Rule(1, 255, r"^.+$", "ObjectKey"),
    "region": Rule(1, 255, r"^.+$", "Region"),
    "tag_key": Rule(1, 128, r"^.+$", "TagKey"),
    "tag_value": Rule(0, 256, r"^.*$", "TagValue"),
}
MAX_TAGS = 50
JOB_TYPES = ("NODE_PACKAGE_VERSION", "MARKETPLACE_NODE_PACKAGE_VERSION")


def check(field: str, value: object, rule_name: str | None = None) -> str:
    """Return ``value`` if it satisfies the rule for ``field``; raise InvalidInputError otherwise."""
    rule = RULES[rule_name or field]
    if not isinstance(value, str):
        raise InvalidInputError(field, value, "must be a string")
    if not rule.min_len <= len(value) <= rule.max_len or not re.fullmatch(rule.pattern, value):
        raise InvalidInputError(field, value, rule.describe())
    return value


def check_job_type(value: object) -> str:
    if value not in JOB_TYPES:
        raise InvalidInputError("job_type", value, f"must be one of {', '.join(JOB_TYPES)}")
    return str(value)


def check_tags(tags: object, field: str = "job_tags") -> dict[str, str]:
    """Validate a tag map: at most 50 entries, keys 1-128 characters, values up to 256."""
    if not isinstance(tags, Mapping):
        raise InvalidInputError(field, tags, "must be a mapping of tag keys to values")
    if len(tags) > MAX_TAGS:
        raise InvalidInputError(field, f"{len(tags)} tags", f"must hold at most {MAX_TAGS} tags")
    for key, value in tags.items():
        check(f"{field} key", key, "tag_key")
        check(f"{field}[{key}]", value, "tag_value")
    return {str(k): str(v) for k, v in tags.items()}
