"""AWS Panorama error types, one small class per error the service model names."""

from __future__ import annotations

from typing import Any


class PanoramaError(Exception):
    """An error answered the way AWS does: HTTP status, `x-amzn-ErrorType`, JSON body."""

    code = "InternalServerException"
    status = 500

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra
        self.headers: dict[str, str] = {}

    def body(self) -> dict[str, Any]:
        return {"Message": self.message, **self.extra}


class ValidationException(PanoramaError):
    code = "ValidationException"
    status = 400

    def __init__(self, message: str, reason: str = "FIELD_VALIDATION_FAILED") -> None:
        super().__init__(message, Reason=reason)


class AccessDeniedException(PanoramaError):
    code = "AccessDeniedException"
    status = 403


class MissingAuthenticationTokenException(PanoramaError):
    """What AWS answers to a request carrying no SigV4 signature."""

    code = "MissingAuthenticationTokenException"
    status = 403


class ExpiredTokenException(PanoramaError):
    code = "ExpiredTokenException"
    status = 403


class ResourceNotFoundException(PanoramaError):
    code = "ResourceNotFoundException"
    status = 404

    def __init__(self, message: str, resource_id: str, resource_type: str) -> None:
        super().__init__(message, ResourceId=resource_id, ResourceType=resource_type)


class ConflictException(PanoramaError):
    code = "ConflictException"
    status = 409

    def __init__(self, message: str, resource_id: str, resource_type: str) -> None:
        super().__init__(message, ResourceId=resource_id, ResourceType=resource_type)


class PayloadTooLargeException(PanoramaError):
    code = "PayloadTooLargeException"
    status = 413


class ThrottlingException(PanoramaError):
    code = "ThrottlingException"
    status = 429


class InternalServerException(PanoramaError):
    code = "InternalServerException"
    status = 500

    def __init__(self, message: str, retry_after_seconds: int | None = None) -> None:
        super().__init__(message)
        if retry_after_seconds is not None:
            self.headers["Retry-After"] = str(retry_after_seconds)


class ServiceUnavailableException(PanoramaError):
    code = "ServiceUnavailableException"
    status = 503


class UnknownOperationException(PanoramaError):
    code = "UnknownOperationException"
    status = 404
