"""A dynamic provider that does nothing, in its own module (pickled by reference, like the gate's)."""

from typing import Any

from pulumi.dynamic import CreateResult, Resource, ResourceProvider


class NoopProvider(ResourceProvider):
    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult("noop", {})


class Noop(Resource):
    def __init__(self, name: str) -> None:
        super().__init__(NoopProvider(), name, {})
