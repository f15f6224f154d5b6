"""The one error family of the Panorama core: every message is one sentence that names the cause and the
fix. (Which of botocore's and the service's failures becomes which error: ``error_map``.)

A message names the inputs it is about with :func:`named`, never by spelling them: each front end spells
them its own way (``job_id`` in Python, ``jobId`` in the plugin's languages, ``JOB_ID``/``--timeout`` on the
command line) through :meth:`PanoramaGateError.spelled`; ``str(error)`` uses the Python spelling.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .endpoint import Endpoint
    from .job import ImportJob

#: Brackets a property name inside a message until a front end spells it (a character no text holds).
_MARK = "\x1f"
_NAMED = re.compile(f"{_MARK}([^{_MARK}]+){_MARK}")

Spelling = Callable[[str], str]
"""How a front end spells a property of the table (given its Python name)."""


def named(name: str) -> str:
    """A property's name inside a message, to be spelled by the front end that shows the message."""
    return f"{_MARK}{name}{_MARK}"


def python_spelling(name: str) -> str:
    return name


def spell(text: str, spelling: Spelling = python_spelling) -> str:
    """A message with every named property spelled by ``spelling``."""
    return _NAMED.sub(lambda match: spelling(match.group(1)), text)


def field_text(field: str) -> str:
    """A setting named in a message: a property of the table is :func:`named` (each front end spells it);
    anything else (an environment variable, a configuration key, a command-line option) stays as written."""
    from .table import BY_NAME

    return named(field) if field in BY_NAME else field


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
    """Base of every error the core raises; ``str(err)`` is the user-facing sentence (Python spelling).

    ``field`` is the input or setting the error is about, when there is one (a property's Python name, or
    a setting's own name such as ``AWS_ENDPOINT_URL_PANORAMA``).
    """

    field: str | None = None

    def __str__(self) -> str:
        return spell(self.template)

    @property
    def template(self) -> str:
        """The sentence with its properties still unspelled (see :func:`named`)."""
        return str(self.args[0]) if self.args else ""

    def spelled(self, spelling: Spelling) -> str:
        """The sentence with every property named as ``spelling`` names it."""
        return spell(self.template, spelling)


class Failure(NamedTuple):
    """One input that failed ``check``."""

    property: str
    template: str
    """One sentence; the properties it names are spelled by the front end that shows it (``spelled``)."""

    @builtins.property  # `property` is this tuple's first field
    def reason(self) -> str:
        """The sentence, properties spelled as in Python."""
        return spell(self.template)

    def spelled(self, spelling: Spelling) -> str:
        return spell(self.template, spelling)


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
        super().__init__(f"Invalid {field_text(field)} {shown}: {rule}.")
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

    field = "wait_timeout_seconds"

    def __init__(
        self,
        job_id: str,
        elapsed: float,
        last_status: str,
        limit: str | None = None,
        *,
        job: ImportJob | None = None,
    ) -> None:
        """``limit`` names what bounded the wait when it was not ``wait_timeout_seconds`` (an engine's
        custom timeout)."""
        super().__init__(
            f"Timed out after {elapsed:.0f}s waiting for package import job {job_id}; "
            f"its last status was {last_status}. Raise {limit or named(self.field)} to wait longer."
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


class MissingModelError(ConfigurationError):
    """botocore has no Panorama service model: an installation to fix."""


class EndpointError(ConfigurationError):
    """The endpoint answered, but not as Panorama does (another server, a stray path, a TLS mismatch): a
    setting to check. ``field`` names the setting the URL came from (None: AWS's own endpoint for the region)."""

    def __init__(self, endpoint: Endpoint | None, answer: str, advice: str = "") -> None:
        """``answer`` says what the endpoint did; ``advice`` what to check, ``{setting}`` standing for the
        setting (default: the setting itself)."""
        url = endpoint.url if endpoint else "in use"
        self.field = endpoint.field if endpoint else None
        setting = field_text(self.field) if self.field else "the endpoint URL"
        advice = (advice or "{setting}").replace("{setting}", setting)
        super().__init__(f"The Panorama endpoint {url} {answer}: check {advice}.")
        self.url = url
