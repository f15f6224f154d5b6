"""A dependent resource that leaves a file behind when it is created."""

from pathlib import Path
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, Resource, ResourceProvider


class MarkerProvider(ResourceProvider):
    def create(self, props: dict[str, Any]) -> CreateResult:
        Path(props["path"]).write_text(props["package_version"])
        return CreateResult("marker", props)


class Marker(Resource):
    def __init__(self, name: str, path: str, package_version: pulumi.Input[str]) -> None:
        super().__init__(MarkerProvider(), name, {"path": path, "package_version": package_version})
