"""The API's route table as data: each operation the backend implements, with the method and
path template the service model gives it, and the backend method that answers it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from botocore import xform_name

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


@dataclass(frozen=True)
class Route:
    operation: str  # as the service model names it: "DescribePackageImportJob"
    method: str
    pattern: re.Pattern[str]  # the path template, `{Name}` turned into the named group `Name`
    action: str  # the backend method: "describe_package_import_job"


def _compile(template: str) -> re.Pattern[str]:
    path = template.split("?", 1)[0]
    regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path))
    return re.compile(f"^{regex}$")


@lru_cache(maxsize=1)
def routes() -> tuple[Route, ...]:
    """The route table, longest templates first so `/packages/metadata/{id}/versions/{v}` wins."""
    model = panorama_model()
    table = []
    for name in OPERATIONS:
        http = model.operation_model(name).http
        table.append(Route(name, http["method"], _compile(http["requestUri"]), xform_name(name)))
    return tuple(sorted(table, key=lambda r: -len(r.pattern.pattern)))


def match(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The route for a request and its path parameters (the template's named groups), or None."""
    for route in routes():
        found = route.pattern.match(path)
        if found and route.method == method:
            return route, found.groupdict()
    return None
