"""The one error family of the Panorama core, and the classifier that maps AWS
error codes and botocore failures onto it. Every message is one sentence that
names the cause and the fix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .job import ImportJob

_NOT_FOUND_HINTS = ("does not exist", "not found", "cannot be found", "could not be found")
_CREDENTIAL_CODES = {
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "MissingAuthenticationTokenException",
    "IncompleteSignature",
}
#: What OpenSSL says when the endpoint's scheme or certificate is wrong: a setting to check. Any other TLS
#: failure (a connection cut mid-handshake) is a network error, retried like one.
_TLS_SETTING_SIGNS = ("WRONG_VERSION_NUMBER", "CERTIFICATE_VERIFY_FAILED", "HTTP_REQUEST", "UNKNOWN_PROTOCOL")
_THROTTLING_CODES = {"ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded"}


#: Longest service text (a StatusMessage) quoted in an error; the full text stays in the outputs.
MAX_QUOTED_CHARS = 300


def one_line(text: str, limit: int = MAX_QUOTED_CHARS) -> str:
    """Service text fit for a one-line error: whitespace collapsed, capped, ending in a full stop."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    elif flat and flat[-1] not in ".!?":
        flat += "."
    return flat


class PanoramaGateError(Exception):
    """Base of every error the core raises; ``str(err)`` is the user-facing sentence."""


class _Secret:
    """Stands for a value the program marked secret in an error message."""

    def __repr__(self) -> str:
        return "[secret]"


#: Quoted instead of a secret value: error messages are printed in plain text.
SECRET = _Secret()


class InvalidInputError(PanoramaGateError):
    """An argument broke a service-model rule; raised before any API call."""

    def __init__(self, field: str, value: object, rule: str) -> None:
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # the Pulumi wire carries every number as a float: echo `12345` as written
        shown = repr(value) if not isinstance(value, str) or len(value) <= 40 else repr(value[:37] + "...")
        super().__init__(f"Invalid {field} {shown}: {rule}.")
        self.field = field
        self.value = value
        self.rule = rule


class InvalidArgumentsError(InvalidInputError):
    """A call's arguments broke its rules (each reason is one clause, naming the argument)."""

    def __init__(self, call: str, reasons: list[str]) -> None:
        PanoramaGateError.__init__(self, f"{call}: {'; '.join(r.rstrip('.') for r in reasons)}.")
        self.field, self.value, self.rule = call, None, "; ".join(reasons)


class RequestRejectedError(PanoramaGateError):
    """The service refused a request as invalid (a ValidationException the local checks did not foresee)."""

    def __init__(self, operation: str, message: str) -> None:
        super().__init__(f"Panorama rejected the {operation} request as invalid: {message}; fix the input it names.")
        self.operation = operation
        self.message = message


class JobFailedError(PanoramaGateError):
    """The import job ended FAILED."""

    def __init__(self, job: ImportJob) -> None:
        super().__init__(
            f"Package import job {job.job_id} FAILED: {one_line(job.status_message) or '(no status message).'} "
            "Fix the package or manifest and start a new import job."
        )
        self.job = job
        self.job_id = job.job_id
        self.status_message = job.status_message


class WaitTimeoutError(PanoramaGateError):
    """The job was still not finished when the overall timeout ran out."""

    def __init__(
        self,
        job_id: str,
        elapsed: float,
        last_status: str,
        limit: str = "the wait timeout",
        *,
        job: ImportJob | None = None,
    ) -> None:
        super().__init__(
            f"Timed out after {elapsed:.0f}s waiting for package import job {job_id}; "
            f"its last status was {last_status}. Raise {limit} or check the job in the Panorama console."
        )
        self.job_id = job_id
        self.elapsed = elapsed
        self.last_status = last_status
        self.job = job  # as last observed; None when no poll succeeded or the raiser did not pass it


class WaitCancelledError(PanoramaGateError):
    """The wait was cancelled (Ctrl-C in `pulumi up`, the engine's Cancel)."""

    def __init__(self, job_id: str, elapsed: float, last_status: str) -> None:
        super().__init__(
            f"Cancelled after {elapsed:.0f}s of waiting for package import job {job_id} (last status {last_status}); "
            "the job itself is unaffected: run the update again to resume waiting."
        )
        self.job_id = job_id


class JobNotFoundError(PanoramaGateError):
    """No import job with that ID exists in the account and region."""

    def __init__(self, job_id: str, region: str | None = None) -> None:
        where = f" in region {region}" if region else ""
        super().__init__(
            f"Package import job {job_id} was not found{where}: check the job ID, the region and the account."
        )
        self.job_id = job_id


class PackageJobNotFoundError(PanoramaGateError):
    """No SUCCEEDED import job produced the requested package version."""

    def __init__(self, package_name: str, package_version: str) -> None:
        super().__init__(
            f"No SUCCEEDED package import job produced {package_name} version {package_version}: "
            "check the name and version, or import the package first."
        )


class AccessDeniedError(PanoramaGateError):
    """The caller's IAM identity lacks the permission for an operation."""

    def __init__(self, operation: str) -> None:
        self.action = f"panorama:{operation}"
        super().__init__(
            f"Access denied: the AWS identity in use is not allowed {self.action}; grant that IAM action "
            "(see iam/policy.json)."
        )


class CredentialsError(PanoramaGateError):
    """Credentials are missing, expired or rejected."""


class ServiceError(PanoramaGateError):
    """The service or the network failed, after botocore's retries."""


class ConfigurationError(PanoramaGateError):
    """The local AWS configuration cannot produce a working client."""


#: How the pipeline CLI asks for a region; the resource front ends name their own configuration.
CLI_REGION_ADVICE = "pass --region or set AWS_REGION"


class MissingRegionError(ConfigurationError):
    """No region is configured anywhere; ``advice`` says where to set one, in the front end's words."""

    def __init__(self, advice: str = CLI_REGION_ADVICE) -> None:
        super().__init__(f"No AWS region is configured: {advice}.")
        self.advice = advice


class EndpointError(ConfigurationError):
    """The endpoint answered, but not as Panorama does (another server, a TLS mismatch): a setting to check."""


def unreadable_answer(operation: str, response: Any, endpoint: str | None, what: str) -> PanoramaGateError:
    """An answer without a member the model requires (botocore turns an unparseable body into an empty
    response). With no request ID, some other server answered: AWS and the emulator send one every time."""
    metadata = response.get("ResponseMetadata", {}) if isinstance(response, dict) else {}
    if not metadata.get("RequestId"):
        return EndpointError(
            f"The endpoint {endpoint or 'in use'} answered {operation} without a Panorama response, so it does "
            "not look like a Panorama endpoint: check the endpoint URL."
        )
    return ServiceError(f"Panorama {operation} returned a response that could not be read ({what}); retry later.")


def aws_errors() -> tuple[type[Exception], ...]:
    """What a Panorama call may raise besides a bug: the service's and botocore's failures.

    Callers catch exactly these and hand them to :func:`classify`; anything else (a
    ``TypeError``, a ``KeyError``) surfaces as the bug it is.
    """
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.parsers import ResponseParserError

    return (ClientError, BotoCoreError, ResponseParserError)


def classify(
    exc: Exception, operation: str, job_id: str | None = None, region: str | None = None, endpoint: str | None = None
) -> PanoramaGateError:
    """Map a botocore/AWS failure of ``operation`` onto the error family (``region`` names where a job was
    sought, ``endpoint`` the URL that was called)."""
    # Imported here: the Pulumi program process loads this module (through the provider) but never
    # calls AWS, and must not pay botocore's import time.
    from botocore.exceptions import (
        BotoCoreError,
        ClientError,
        ConnectTimeoutError,
        EndpointConnectionError,
        InvalidRegionError,
        NoCredentialsError,
        NoRegionError,
        ProfileNotFound,
        ReadTimeoutError,
        SSLError,
        UnknownServiceError,
    )
    from botocore.parsers import ResponseParserError

    if isinstance(exc, PanoramaGateError):
        return exc
    if isinstance(exc, ClientError):
        return _classify_answer(exc, operation, job_id, region, endpoint)
    if isinstance(exc, SSLError) and any(sign in str(exc) for sign in _TLS_SETTING_SIGNS):
        return EndpointError(
            f"TLS failed with the Panorama endpoint {endpoint or '(default)'} for {operation}: check the endpoint "
            "URL's scheme (http:// or https://) and the server's certificate."
        )
    if isinstance(exc, InvalidRegionError):
        return ConfigurationError(f"{' '.join(str(exc).split())} Check the region setting.")
    if isinstance(exc, NoCredentialsError):
        return CredentialsError(
            "No AWS credentials were found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
            "or run on a role with credentials."
        )
    if isinstance(exc, NoRegionError):
        return MissingRegionError()
    if isinstance(exc, ProfileNotFound):
        return ConfigurationError(f"{exc}: fix the profile name or add it to ~/.aws/config.")
    if isinstance(exc, UnknownServiceError):
        return ConfigurationError(
            "botocore has no Panorama service model (removed in 1.43.38): "
            "run `pip install botocore-a-la-carte-panorama`."
        )
    if isinstance(exc, (ConnectTimeoutError, EndpointConnectionError)):
        return ServiceError(
            f"Could not connect to the Panorama endpoint for {operation} ({exc}); "
            "check the endpoint URL, the region and your network."
        )
    if isinstance(exc, ReadTimeoutError):
        return ServiceError(
            f"Panorama did not answer {operation} within the read timeout after retries; "
            "retry later or raise the read timeout."
        )
    if isinstance(exc, BotoCoreError):
        return ServiceError(f"Panorama {operation} failed after retries: {exc}; retry later.")
    if isinstance(exc, ResponseParserError):
        return ServiceError(f"Panorama {operation} returned a response that could not be read ({exc}); retry later.")
    # Only botocore's and the service's failures reach here (callers catch nothing else);
    # anything unforeseen among those still reads as one line.
    return ServiceError(f"Panorama {operation} failed unexpectedly: {exc!r}.")


def _classify_answer(
    exc: Any, operation: str, job_id: str | None, region: str | None, endpoint: str | None
) -> PanoramaGateError:
    """A ClientError: the endpoint answered with an error status."""
    error = exc.response.get("Error", {})
    code = str(error.get("Code", "Unknown"))
    message = " ".join(str(error.get("Message", "")).split()).rstrip(".")
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    attempts = exc.response.get("ResponseMetadata", {}).get("RetryAttempts", 0)
    if code.isdigit():
        # botocore names the error by its HTTP status when the answer carries no AWS error type:
        # whatever answered is not speaking Panorama's protocol. Its body (often HTML) is not quoted.
        where = endpoint or "in use"
        if status != 429 and str(status).startswith("4"):
            return EndpointError(
                f"The endpoint {where} answered {operation} with HTTP {status} and no AWS error, so it does not "
                "look like a Panorama endpoint: check the endpoint URL."
            )
        return ServiceError(
            f"Panorama {operation} failed with HTTP {status} after {attempts + 1} attempts, with no AWS error in "
            f"the answer: check the endpoint URL ({where}); if it is Panorama's, retry later."
        )
    if job_id and (
        code == "ResourceNotFoundException"
        or (code == "ValidationException" and any(h in message.lower() for h in _NOT_FOUND_HINTS))
    ):
        return JobNotFoundError(job_id, region)
    if code in {"AccessDeniedException", "AccessDenied"}:
        return AccessDeniedError(operation)
    if code in _CREDENTIAL_CODES:
        return CredentialsError(
            f"AWS rejected the credentials ({code}: {message}); refresh or replace them "
            "(aws sso login, new session token, or the right profile)."
        )
    if code == "ValidationException":
        return RequestRejectedError(operation, message)
    if code in _THROTTLING_CODES:
        return ServiceError(
            f"Panorama kept throttling {operation} after {attempts + 1} attempts ({code}); "
            "retry later or raise AWS_MAX_ATTEMPTS."
        )
    return ServiceError(
        f"Panorama {operation} failed with {code} (HTTP {status}) after {attempts + 1} attempts: {message}; "
        "retry later, and check the AWS Health Dashboard if it persists."
    )
