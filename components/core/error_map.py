"""Which of botocore's and the service's failures becomes which of the gate's errors: one table, used around
every call to Panorama (:func:`mapped`), as httpx maps transport errors with ``map_exceptions``.

Two kinds of failure, two ordered tables, the first match wins:

- :data:`ANSWERS`: the endpoint answered with an error status (botocore's ``ClientError``), matched by the
  AWS error code and the HTTP status;
- :func:`failures`: botocore failed without an answer (no connection, TLS, timeouts, configuration), matched
  by botocore's exception class.

Anything else a call raises (a ``TypeError``, a ``KeyError``) is not caught: it surfaces as the bug it is.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import (
    AccessDeniedError,
    ConfigurationError,
    CredentialsError,
    EndpointError,
    JobNotFoundError,
    MissingModelError,
    MissingRegionError,
    PanoramaGateError,
    RequestRejectedError,
    ServiceError,
    field_text,
)

if TYPE_CHECKING:
    from .endpoint import Endpoint


@dataclass(frozen=True)
class Call:
    """The call that failed: its operation, the job it was about and where it went."""

    operation: str
    job_id: str | None = None
    region: str | None = None
    """The region a job was sought in (named when it is not found)."""
    endpoint: Endpoint | None = None
    """The URL that was called and the setting it came from."""


# -- the endpoint answered ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Answer:
    """An error answer, as botocore read it."""

    code: str
    message: str
    status: int | None
    attempts: int

    @classmethod
    def of(cls, exc: Any) -> Answer:
        error = exc.response.get("Error", {})
        metadata = exc.response.get("ResponseMetadata", {})
        message = " ".join(str(error.get("Message", "")).split()).rstrip(".")
        return cls(
            str(error.get("Code", "Unknown")),
            message,
            metadata.get("HTTPStatusCode"),
            1 + metadata.get("RetryAttempts", 0),
        )

    @property
    def untyped(self) -> bool:
        """No AWS error type in the answer: botocore names the error by its HTTP status."""
        return self.code.isdigit()


UNKNOWN_OPERATION = "UnknownOperationException"
_NOT_FOUND_HINTS = ("does not exist", "not found", "cannot be found", "could not be found")
_CREDENTIAL_CODES = frozenset({
    "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException",
    "InvalidSignatureException", "SignatureDoesNotMatch", "MissingAuthenticationTokenException", "IncompleteSignature",
})  # fmt: skip


@functools.cache
def is_throttling(code: str) -> bool:
    """An error code botocore's retries treat as throttling (``botocore.retries.standard``), so the gate and
    botocore's adaptive rate limiter agree on what throttling is."""
    from botocore.retries.standard import RetryContext, ThrottledRetryableChecker

    context = RetryContext(attempt_number=1, parsed_response={"Error": {"Code": code}})
    return bool(ThrottledRetryableChecker().is_retryable(context))


def _not_serving(answer: Answer) -> bool:
    """A server that has no such operation (a stray path, another AWS service) or speaks no AWS protocol."""
    return answer.code == UNKNOWN_OPERATION or (
        answer.untyped and answer.status != 429 and str(answer.status).startswith("4")
    )


def _not_found(answer: Answer) -> bool:
    return answer.code == "ResourceNotFoundException" or (
        answer.code == "ValidationException" and any(hint in answer.message.lower() for hint in _NOT_FOUND_HINTS)
    )


def not_panorama(endpoint: Endpoint | None, operation: str, how: str) -> EndpointError:
    """An answer that shows the endpoint does not serve Panorama's operations."""
    return EndpointError(endpoint, f"answered {operation} {how}, so it does not serve Panorama's API")


def _not_serving_error(answer: Answer, call: Call) -> PanoramaGateError:
    # The body of such an answer (often HTML) is not quoted.
    how = (
        f"with HTTP {answer.status} {answer.code}"
        if answer.code == UNKNOWN_OPERATION
        else (f"with HTTP {answer.status} and no AWS error")
    )
    return not_panorama(call.endpoint, call.operation, how)


def _throttled(answer: Answer, call: Call) -> PanoramaGateError:
    code = f"HTTP {answer.status}" if answer.untyped else answer.code
    return ServiceError(
        f"Panorama kept throttling {call.operation} after {answer.attempts} attempts ({code}); "
        "retry later or raise AWS_MAX_ATTEMPTS."
    )


AnswerRule = tuple[Callable[[Answer, Call], bool], Callable[[Answer, Call], PanoramaGateError]]

#: The endpoint's error answers, in the order they are tried.
ANSWERS: tuple[AnswerRule, ...] = (
    (lambda a, _c: _not_serving(a), _not_serving_error),
    (lambda a, _c: a.untyped and a.status == 429, _throttled),  # Too Many Requests, with no AWS error type
    (
        lambda a, _c: a.untyped,
        lambda a, c: ServiceError(
            f"Panorama {c.operation} failed with HTTP {a.status} after {a.attempts} attempts, with no AWS error in "
            f"the answer, at {c.endpoint.url if c.endpoint else 'the endpoint in use'}; retry later."
        ),
    ),
    (lambda a, c: c.job_id is not None and _not_found(a), lambda _a, c: JobNotFoundError(str(c.job_id), c.region)),
    (lambda a, _c: a.code in ("AccessDeniedException", "AccessDenied"), lambda _a, c: AccessDeniedError(c.operation)),
    (
        lambda a, _c: a.code in _CREDENTIAL_CODES,
        lambda a, _c: CredentialsError(
            f"AWS rejected the credentials ({a.code}: {a.message}); refresh or replace them "
            "(aws sso login, new session token, or the right profile)."
        ),
    ),
    (lambda a, _c: a.code == "ValidationException", lambda a, c: RequestRejectedError(c.operation, a.message)),
    (lambda a, _c: is_throttling(a.code), _throttled),
    (
        lambda _a, _c: True,
        lambda a, c: ServiceError(
            f"Panorama {c.operation} failed with {a.code} (HTTP {a.status}) after {a.attempts} attempts: "
            f"{a.message}; retry later, and check the AWS Health Dashboard if it persists."
        ),
    ),
)


# -- botocore failed without an answer ------------------------------------------------------------------
#: What OpenSSL says when the endpoint's scheme or certificate is wrong: a setting to check. Any other TLS
#: failure (a connection cut mid-handshake) is a network error, retried like one.
_TLS_SETTING_SIGNS = ("WRONG_VERSION_NUMBER", "CERTIFICATE_VERIFY_FAILED", "HTTP_REQUEST", "UNKNOWN_PROTOCOL")

FailureRule = tuple[
    type[Exception] | tuple[type[Exception], ...], Callable[[Exception, Call], PanoramaGateError | None]
]


def _tls(exc: Exception, call: Call) -> PanoramaGateError | None:
    if not any(sign in str(exc) for sign in _TLS_SETTING_SIGNS):
        return None  # not a setting: the rules below take it
    return EndpointError(
        call.endpoint,
        f"failed the TLS handshake for {call.operation}",
        "{setting}'s scheme (http:// or https://) and the server's certificate",
    )


def _unreachable(exc: Exception, call: Call) -> PanoramaGateError:
    setting = field_text(call.endpoint.field) if call.endpoint and call.endpoint.field else "the endpoint URL"
    return ServiceError(
        f"Could not connect to the Panorama endpoint for {call.operation} ({exc}); "
        f"check {setting}, the region and your network."
    )


@functools.cache
def failures() -> tuple[FailureRule, ...]:
    """botocore's failures without an answer, in the order they are tried (imported on first use: the
    Pulumi program's process loads the core but never calls AWS, and must not pay botocore's import)."""
    from botocore import exceptions as boto
    from botocore.parsers import ResponseParserError

    return (
        (boto.SSLError, _tls),
        (
            boto.InvalidRegionError,
            lambda e, _c: ConfigurationError(f"{' '.join(str(e).split())} Check the region setting."),
        ),
        (
            boto.NoCredentialsError,
            lambda _e, _c: CredentialsError(
                "No AWS credentials were found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
                "or run on a role with credentials."
            ),
        ),
        (boto.NoRegionError, lambda _e, _c: MissingRegionError()),
        (
            boto.ProfileNotFound,
            lambda e, _c: ConfigurationError(f"{e}: fix the profile name or add it to ~/.aws/config."),
        ),
        (
            boto.UnknownServiceError,
            lambda _e, _c: MissingModelError(
                "botocore has no Panorama service model (removed in 1.43.38): "
                "run `pip install botocore-a-la-carte-panorama`."
            ),
        ),
        ((boto.ConnectTimeoutError, boto.EndpointConnectionError), _unreachable),
        (
            boto.ReadTimeoutError,
            lambda _e, c: ServiceError(
                f"Panorama did not answer {c.operation} within the read timeout after retries; "
                "retry later or raise the read timeout."
            ),
        ),
        (
            boto.BotoCoreError,
            lambda e, c: ServiceError(f"Panorama {c.operation} failed after retries: {e}; retry later."),
        ),
        (
            ResponseParserError,
            lambda e, c: ServiceError(
                f"Panorama {c.operation} returned a response that could not be read ({e}); retry later."
            ),
        ),
    )


def caught() -> tuple[type[Exception], ...]:
    """What a Panorama call may raise besides a bug: the service's and botocore's failures."""
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.parsers import ResponseParserError

    return (ClientError, BotoCoreError, ResponseParserError)


def classify(exc: Exception, call: Call) -> PanoramaGateError:
    """The gate's error for a botocore or service failure of ``call``."""
    from botocore.exceptions import ClientError

    if isinstance(exc, PanoramaGateError):
        return exc
    if isinstance(exc, ClientError):
        answer = Answer.of(exc)
        return next(make(answer, call) for matches, make in ANSWERS if matches(answer, call))
    for kind, make_error in failures():
        if isinstance(exc, kind):
            error = make_error(exc, call)
            if error is not None:
                return error
    # Only botocore's and the service's failures reach here; anything unforeseen among those is one line.
    return ServiceError(f"Panorama {call.operation} failed unexpectedly: {exc!r}.")


@contextmanager
def mapped(call: Call) -> Iterator[None]:
    """Around a call to Panorama: botocore's and the service's failures raise as the gate's errors."""
    try:
        yield
    except caught() as exc:
        raise classify(exc, call) from None


def unreadable_answer(call: Call, response: Any, what: str) -> PanoramaGateError:
    """An answer without a member the model requires (botocore turns an unparseable body into an empty
    response). With no request ID, some other server answered: AWS and the emulator send one every time."""
    metadata = response.get("ResponseMetadata", {}) if isinstance(response, dict) else {}
    if not metadata.get("RequestId"):
        return not_panorama(call.endpoint, call.operation, "without a Panorama response")
    return ServiceError(f"Panorama {call.operation} returned a response that could not be read ({what}); retry later.")
