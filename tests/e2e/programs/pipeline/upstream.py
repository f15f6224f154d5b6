"""A stand-in for the resource that uploads a manifest: its output is unknown until it is created."""

from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, Resource, ResourceProvider


class UpstreamProvider(ResourceProvider):
    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(f"upstream-{props['value']}", props)


class Upstream(Resource):
    value: pulumi.Output[str]

    def __init__(self, name: str, value: str) -> None:
        super().__init__(UpstreamProvider(), name, {"value": value})
