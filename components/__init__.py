"""Gate Pulumi deployments on AWS Panorama package import jobs.

The core (client, job model, waiting) imports only boto3. The Pulumi resource is
loaded on first use, so the pipeline CLI never imports pulumi.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .backoff import Backoff
from .client import ClientSettings, make_client
from .errors import (
    AccessDeniedError,
    ConfigurationError,
    CredentialsError,
    InvalidInputError,
    JobFailedError,
    JobNotFoundError,
    PackageJobNotFoundError,
    PanoramaGateError,
    ServiceError,
    WaitTimeoutError,
)
from .job import ImportJob, S3Location
from .version import __version__
from .waiting import (
    JobOutcome,
    Waiter,
    describe_job,
    describe_jobs,
    find_latest_succeeded,
    require_succeeded,
    wait_for_job,
    wait_for_jobs,
)

if TYPE_CHECKING:
    from .resource import PackageImportJob, PackageImportJobArgs

__all__ = [
    "AccessDeniedError",
    "Backoff",
    "ClientSettings",
    "ConfigurationError",
    "CredentialsError",
    "ImportJob",
    "InvalidInputError",
    "JobFailedError",
    "JobNotFoundError",
    "JobOutcome",
    "PackageImportJob",
    "PackageImportJobArgs",
    "PackageJobNotFoundError",
    "PanoramaGateError",
    "S3Location",
    "ServiceError",
    "WaitTimeoutError",
    "Waiter",
    "__version__",
    "describe_job",
    "describe_jobs",
    "find_latest_succeeded",
    "make_client",
    "require_succeeded",
    "wait_for_job",
    "wait_for_jobs",
]


def __getattr__(name: str) -> Any:
    if name in ("PackageImportJob", "PackageImportJobArgs"):
        from . import resource

        return getattr(resource, name)
    raise AttributeError(f"module 'components' has no attribute {name!r}")
