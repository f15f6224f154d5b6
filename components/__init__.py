"""Gate Pulumi deployments on AWS Panorama package import jobs.

Every public name is loaded on first use: the core (client, job model, waiting) imports
botocore only when a client is built, a Pulumi program never imports botocore, and the
pipeline CLI never imports pulumi.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:
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
        RequestRejectedError,
        ServiceError,
        WaitTimeoutError,
    )
    from .finding import find_latest_succeeded
    from .job import ImportJob, S3Location
    from .resource import PackageImportJob, PackageImportJobArgs
    from .waiting import (
        JobOutcome,
        Waiter,
        describe_job,
        describe_jobs,
        require_succeeded,
        wait_for_job,
        wait_for_jobs,
    )

#: Where each public name lives. Nothing is imported until it is used: a Pulumi program that
#: only needs `PackageImportJob` never loads botocore, and the CLI never loads pulumi.
_HOMES = {
    "Backoff": "backoff",
    "ClientSettings": "client",
    "make_client": "client",
    **dict.fromkeys(
        (
            "AccessDeniedError",
            "ConfigurationError",
            "CredentialsError",
            "InvalidInputError",
            "JobFailedError",
            "JobNotFoundError",
            "PackageJobNotFoundError",
            "PanoramaGateError",
            "RequestRejectedError",
            "ServiceError",
            "WaitTimeoutError",
        ),
        "errors",
    ),
    "ImportJob": "job",
    "find_latest_succeeded": "finding",
    "S3Location": "job",
    "PackageImportJob": "resource",
    "PackageImportJobArgs": "resource",
    **dict.fromkeys(
        (
            "JobOutcome",
            "Waiter",
            "describe_job",
            "describe_jobs",
            "require_succeeded",
            "wait_for_job",
            "wait_for_jobs",
        ),
        "waiting",
    ),
}

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
    "RequestRejectedError",
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
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value
