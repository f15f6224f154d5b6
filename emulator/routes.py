"""The HTTP routes the emulator serves: the operations it implements, with their
method and path template taken from the service model, plus the admin paths."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .servicemodel import panorama_model

#: Operations implemented by the backend, named as in the service model.
OPERATIONS: tuple[str, ...] = (
    "CreatePackageImportJob",
    "DescribePackageImportJob",
    "ListPackageImportJobs",
    "ListPackages",
    "DescribePackage",
    "DescribePackageVersion",
)

ADMIN_PREFIX = "/_emulator/"


@dataclass(frozen=True)
class Route:
    operation: str
    method: str
    pattern: re.Pattern[str]


def _compile(template: str) -> re.Pattern[str]:
    path = template.split("?", 1)[0]
    regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path))
    return re.compile(f"^{regex}$")


def build_routes() -> list[Route]:
    model = panorama_model()
    routes = []
    for name in OPERATIONS:
        http = model.operation_model(name).http
        routes.append(Route(name, http["method"], _compile(http["requestUri"])))
    # Longest templates first so `/packages/metadata/{id}/versions/{v}` wins over shorter ones.
    return sorted(routes, key=lambda r: -len(r.pattern.pattern))


def match(routes: list[Route], method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """Return the route for a request and its path parameters, or None."""
    for route in routes:
        found = route.pattern.match(path)
        if found and route.method == method:
            return route, found.groupdict()
    return None
