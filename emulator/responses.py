"""The responses layer: read an operation's parameters, call the backend, shape the answer."""

from __future__ import annotations

from typing import Any

from .models import Backend
from .routes import Route
from .servicemodel import panorama_model
from .validation import parse_request


class PanoramaResponse:
    """Answers API operations from a backend; knows nothing about sockets or faults."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.model = panorama_model()

    def call(
        self,
        route: Route,
        path_params: dict[str, str],
        query: dict[str, list[str]],
        body: bytes,
        region: str | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """HTTP status and JSON body of a successful call in ``region`` (the backend's if None);
        errors are raised as PanoramaError."""
        operation = self.model.operation_model(route.operation)
        params = parse_request(operation, path_params, query, body)
        result: dict[str, Any] = getattr(self.backend, route.action)(params, region=region)
        return int(operation.http.get("responseCode", 200)), result
