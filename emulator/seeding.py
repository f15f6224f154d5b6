"""Seeded jobs (`POST /_emulator/jobs`, the `--seed` file): a body in one of two forms, read into
CreatePackageImportJob parameters plus where and when the job is created.

* The short form: ``{"Outcome", "DurationSeconds", "StatusMessage", "PackageName", "PackageVersion"}``,
  all optional (``{}`` is a job for demo-app 1.0 that the manifest rules or the defaults decide).
* A CreatePackageImportJob body: ``ClientToken`` (optional here), ``JobType``, ``InputConfig``,
  ``OutputConfig``, ``JobTags``.

Both take ``JobId``, ``Region`` (default: the emulator's `--region`, us-east-1) and
``CreatedSecondsAgo`` (the job started that long ago; 0 to 86400).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .exceptions import ValidationException
from .models import TAG_DURATION, TAG_MESSAGE, TAG_OUTCOME, TERMINAL
from .servicemodel import panorama_model
from .validation import parse_request, validate

CREATE_MEMBERS = ("ClientToken", "JobType", "InputConfig", "OutputConfig", "JobTags")
SHORT_MEMBERS = ("Outcome", "DurationSeconds", "StatusMessage", "PackageName", "PackageVersion")
DEFAULT_PACKAGE_NAME = "demo-app"
DEFAULT_PACKAGE_VERSION = "1.0"
#: The S3 bucket short-form jobs import their manifest from (`demo-manifests/<PackageName>/package.json`).
SHORT_FORM_BUCKET = "demo-manifests"
USAGE = (
    "A seeded job is the short form {Outcome, DurationSeconds, StatusMessage, PackageName, PackageVersion} "
    "(all optional) or a CreatePackageImportJob body {ClientToken, JobType, InputConfig, OutputConfig, JobTags}, "
    "either with optional JobId, Region and CreatedSecondsAgo."
)
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$")


@dataclass(frozen=True)
class Seed:
    """A job to create: its CreatePackageImportJob parameters, ID, region and age."""

    params: dict[str, Any]
    job_id: str | None = None
    region: str | None = None  # None: the backend's region
    age: float = 0.0


def parse_seed(body: dict[str, Any], client_token: str) -> Seed:
    """Read a seeded job's body; ``client_token`` is used when the body has no ClientToken."""
    body = dict(body)
    job_id = body.pop("JobId", None)
    if job_id is not None:
        validate(panorama_model().shape_for("JobId"), job_id, "JobId")
    region = _region(body.pop("Region", None))
    age = _age(body.pop("CreatedSecondsAgo", 0))
    request = _create_body(body) if any(name in body for name in CREATE_MEMBERS) else _short_form(body)
    request.setdefault("ClientToken", client_token)
    operation = panorama_model().operation_model("CreatePackageImportJob")
    try:
        params = parse_request(operation, {}, {}, json.dumps(request).encode())
    except ValidationException as exc:
        raise ValidationException(
            f"{exc.message}. {USAGE}", exc.extra.get("Reason", "FIELD_VALIDATION_FAILED")
        ) from exc
    return Seed(params, job_id, region, age)


def _region(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _REGION.fullmatch(value):
        raise ValidationException(f"Region must be an AWS region name such as us-east-1, not {value!r}.")
    return value


def _age(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 86400:
        raise ValidationException("CreatedSecondsAgo must be a number of seconds from 0 to 86400.")
    return float(value)


def _create_body(body: dict[str, Any]) -> dict[str, Any]:
    mixed = [name for name in SHORT_MEMBERS if name in body]
    if mixed:
        raise ValidationException(f"{', '.join(mixed)} cannot be used in a CreatePackageImportJob body. {USAGE}")
    return body


def _short_form(body: dict[str, Any]) -> dict[str, Any]:
    """The CreatePackageImportJob body a short-form seed stands for; steering goes into job tags."""
    unknown = sorted(set(body) - set(SHORT_MEMBERS))
    if unknown:
        raise ValidationException(f"Unknown member(s) {', '.join(unknown)}. {USAGE}", "CANNOT_PARSE")
    name = body.get("PackageName", DEFAULT_PACKAGE_NAME)
    version = body.get("PackageVersion", DEFAULT_PACKAGE_VERSION)
    validate(panorama_model().shape_for("NodePackageName"), name, "PackageName")
    validate(panorama_model().shape_for("NodePackageVersion"), version, "PackageVersion")
    request: dict[str, Any] = {
        "JobType": "NODE_PACKAGE_VERSION",
        "InputConfig": {
            "PackageVersionInputConfig": {
                "S3Location": {"BucketName": SHORT_FORM_BUCKET, "ObjectKey": f"{name}/package.json"}
            }
        },
        "OutputConfig": {"PackageVersionOutputConfig": {"PackageName": name, "PackageVersion": version}},
    }
    tags = _steering_tags(body)
    if tags:
        request["JobTags"] = [{"ResourceType": "PACKAGE", "Tags": tags}]
    return request


def _steering_tags(body: dict[str, Any]) -> dict[str, str]:
    """The `emulator:*` job tags for what the short form sets; what it leaves out, manifests or defaults decide."""
    tags: dict[str, str] = {}
    if "Outcome" in body:
        outcome = body["Outcome"]
        if not isinstance(outcome, str) or outcome.upper() not in TERMINAL:
            raise ValidationException(f"Outcome must be SUCCEEDED or FAILED, not {outcome!r}.")
        tags[TAG_OUTCOME] = outcome.upper()
    if "DurationSeconds" in body:
        duration = body["DurationSeconds"]
        if isinstance(duration, bool) or not isinstance(duration, (int, float)) or not 0 <= duration <= 86400:
            raise ValidationException(f"DurationSeconds must be a number of seconds from 0 to 86400, not {duration!r}.")
        tags[TAG_DURATION] = str(float(duration))
    if "StatusMessage" in body:
        message = body["StatusMessage"]
        if not isinstance(message, str) or len(message) > 256:
            raise ValidationException("StatusMessage must be a string of up to 256 characters.")
        tags[TAG_MESSAGE] = message
    return tags
