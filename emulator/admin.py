"""The admin API under `/_emulator/` (unsigned, never faulted) as a route table:
(methods, path) to the handler that answers it."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .exceptions import UnknownOperationException, ValidationException
from .faults import Faults
from .models import Backend
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
    """Per finished job: ``{"jobs": {id: {"status", "ended", "first_done_answer", "release_latency"}}}``."""
    return admin.backend.releases()


def settings(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    return admin.backend.settings(data)


def put_manifest(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    return admin.backend.put_manifest(data)


def seed_job(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    """A job in either form of `seeding.py`; `CreatedSecondsAgo` seeds one that started earlier."""
    seed = parse_seed(data, client_token=f"admin-{uuid.uuid4().hex}")
    return admin.backend.create_package_import_job(seed.params, job_id=seed.job_id, age=seed.age, region=seed.region)


def patch_job(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    return admin.backend.patch_job(args["JobId"], data)


def delete_job(admin: Admin, args: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    admin.backend.delete_job(args["JobId"])
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
