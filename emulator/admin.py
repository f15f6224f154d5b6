"""The admin API under `/_emulator/` (unsigned, never faulted): what tests, demos and benchmarks do behind the
API's back, and the route table from (methods, path) to the handler that does it. The API's own operations are
``models.Backend``'s methods."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from .exceptions import UnknownOperationException, ValidationException
from .faults import Faults
from .models import PENDING, TERMINAL, Backend, Manifest
from .quotas import Quotas, quotas_from_json
from .seeding import parse_seed

ADMIN_PREFIX = "/_emulator/"


@dataclass(frozen=True)
class Admin:
    """What admin handlers act on."""

    backend: Backend
    faults: Faults
    quotas: Quotas = field(default_factory=Quotas)


Handler = Callable[[Admin, dict[str, str], dict[str, Any]], dict[str, Any]]


def health(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    return {"status": "ok", "jobs": len(admin.backend.jobs)}


def read_counters(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    return admin.faults.counters()


def reset_counters(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    admin.faults.reset_counters()
    admin.quotas.reset_counters()
    return admin.faults.counters()


def read_faults(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    return admin.faults.get()


def set_faults(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    try:
        return admin.faults.set(data)
    except (TypeError, ValueError) as exc:
        raise ValidationException(str(exc)) from exc


def read_quotas(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    return admin.quotas.get()


def set_quotas(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    """Replace every quota: ``{"DescribePackageImportJob": {"rate": 10, "burst": 20}}`` (``{}``: none)."""
    try:
        return admin.quotas.set(quotas_from_json(data))
    except ValueError as exc:
        raise ValidationException(str(exc)) from exc


def clear_quotas(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    return admin.quotas.set({})


def releases(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    """Every finished job: when it ended, when a DescribePackageImportJob answer first said so (None: no
    answer has yet), and the release latency between the two, in seconds of the backend's clock:
    ``{"jobs": {id: {"status", "ended", "first_done_answer", "release_latency"}}}``."""
    backend = admin.backend
    with backend.lock:
        now = backend.clock()
        jobs: dict[str, Any] = {}
        for job in backend.jobs.values():
            status = job.status(now)
            if status not in TERMINAL:
                continue
            ended = job.last_updated(now)
            seen = backend.first_done_answers.get(job.job_id)
            jobs[job.job_id] = {
                "status": status,
                "ended": ended,
                "first_done_answer": seen,
                "release_latency": None if seen is None else max(0.0, seen - ended),
            }
        return {"jobs": jobs}


def settings(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    """Read or change run-time settings: ClientTokenWindowSeconds."""
    backend = admin.backend
    if "ClientTokenWindowSeconds" in data:
        window = data["ClientTokenWindowSeconds"]
        if isinstance(window, bool) or not isinstance(window, (int, float)) or not 0 <= window < float("inf"):
            raise ValidationException("ClientTokenWindowSeconds must be a finite number of seconds >= 0.")
        with backend.lock:
            backend.client_token_window = float(window)
    return {"ClientTokenWindowSeconds": backend.client_token_window}


def put_manifest(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    """Register what importing `s3://BucketName/ObjectKey` does from now on (Outcome, StatusMessage, ...)."""
    bucket, key = data.get("BucketName"), data.get("ObjectKey")
    if not isinstance(bucket, str) or not isinstance(key, str) or not bucket or not key:
        raise ValidationException("BucketName and ObjectKey are required strings.")
    manifest = Manifest.from_admin(data)
    with admin.backend.lock:
        admin.backend.manifests[f"{bucket}/{key}"] = manifest
        admin.backend.save()
    return {"BucketName": bucket, "ObjectKey": key, **asdict(manifest)}


def seed_job(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    """A job in either form of `seeding.py`; `CreatedSecondsAgo` seeds one that started earlier."""
    seed = parse_seed(data, client_token=f"admin-{uuid.uuid4().hex}")
    return admin.backend.create_package_import_job(seed.params, job_id=seed.job_id, age=seed.age, region=seed.region)


def patch_job(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    """Change a job: Status, StatusMessage, DurationSeconds."""
    backend = admin.backend
    with backend.lock:
        job = backend.job(args["JobId"], any_region=True)
        if "Status" in data:
            status = str(data["Status"]).upper()
            if status not in (PENDING, *TERMINAL):
                raise ValidationException("Status must be PENDING, SUCCEEDED or FAILED.")
            job.status_override = status
            job.updated_override = backend.clock()
        if "StatusMessage" in data:
            job.message_override = str(data["StatusMessage"])
        if "DurationSeconds" in data:
            job.duration = float(data["DurationSeconds"])
        backend.save()
        return job.describe(backend.clock())


def delete_job(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    backend = admin.backend
    with backend.lock:
        backend.job(args["JobId"], any_region=True)
        del backend.jobs[args["JobId"]]
        backend.first_done_answers.pop(args["JobId"], None)
        backend.save()
    return {"deleted": args["JobId"]}


@dataclass(frozen=True)
class AdminRoute:
    methods: tuple[str, ...]
    pattern: re.Pattern[str]  # the path after ADMIN_PREFIX
    handler: Handler


def _route(methods: str, path: str, handler: Handler) -> AdminRoute:
    return AdminRoute(tuple(methods.split("|")), re.compile(f"^{path}$"), handler)


ROUTES: tuple[AdminRoute, ...] = (
    _route("GET", "health", health),
    # Any method but DELETE reads the counters and the faults, as it always has.
    _route("GET|POST|PUT|PATCH", "counters", read_counters),
    _route("DELETE", "counters", reset_counters),
    _route("PUT|POST", "faults", set_faults),
    _route("GET|PATCH|DELETE", "faults", read_faults),
    _route("GET|PUT", "settings", settings),
    _route("GET", "quotas", read_quotas),
    _route("PUT", "quotas", set_quotas),
    _route("DELETE", "quotas", clear_quotas),
    _route("PUT|POST", "manifests", put_manifest),
    _route("GET", "releases", releases),
    _route("POST", "jobs", seed_job),
    _route("PATCH", "jobs/(?P<JobId>.*)", patch_job),
    _route("DELETE", "jobs/(?P<JobId>.*)", delete_job),
)


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data: Any = json.loads(body) if body.strip() else {}
    except ValueError as exc:
        raise ValidationException("Admin request body is not valid JSON.", "CANNOT_PARSE") from exc
    if not isinstance(data, dict):
        raise ValidationException("Admin request body must be a JSON object.", "CANNOT_PARSE")
    return data


def handle(admin: Admin, method: str, path: str, body: bytes) -> dict[str, Any]:
    """Answer one admin request; ``path`` is what follows ADMIN_PREFIX."""
    data = _json_object(body)
    for route in ROUTES:
        found = route.pattern.match(path)
        if found and method in route.methods:
            return route.handler(admin, found.groupdict(), data)
    raise UnknownOperationException(f"No emulator admin path matches {method} /_emulator/{path}.")
