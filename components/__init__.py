"""Gate Pulumi deployments on AWS Panorama package import jobs.

Every public name is loaded on first use: the core (client, job model, waiting) imports
botocore only when a client is built, a Pulumi program never imports botocore, and the
pipeline CLI never imports pulumi.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:  # for type checkers and IDEs; at run time `_HOMES` below loads each name on first use
    from .backoff import Backoff
    from .client import ClientSettings, make_client
    from .errors import (
        AccessDeniedError,
        ConfigurationError,
        CredentialsError,
        EndpointError,
        InvalidInputError,
        JobFailedError,
        JobNotFoundError,
        MissingRegionError,
        PackageJobNotFoundError,
        PanoramaGateError,
        RequestRejectedError,
        ServiceError,
        WaitCancelledError,
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

#: Each public name and the module it lives in: the one list (``__all__`` and the lazy loader read it;
#: tests/unit/test_lazy_imports.py checks the TYPE_CHECKING imports above name the same set).
_HOMES = {
    "Backoff": "backoff",
    "ClientSettings": "client",
    "make_client": "client",
    "AccessDeniedError": "errors",
    "ConfigurationError": "errors",
    "CredentialsError": "errors",
    "EndpointError": "errors",
    "InvalidInputError": "errors",
    "JobFailedError": "errors",
    "JobNotFoundError": "errors",
    "MissingRegionError": "errors",
    "PackageJobNotFoundError": "errors",
    "PanoramaGateError": "errors",
    "RequestRejectedError": "errors",
    "ServiceError": "errors",
    "WaitCancelledError": "errors",
    "WaitTimeoutError": "errors",
    "find_latest_succeeded": "finding",
    "ImportJob": "job",
    "S3Location": "job",
    "PackageImportJob": "resource",
    "PackageImportJobArgs": "resource",
    "JobOutcome": "waiting",
    "Waiter": "waiting",
    "describe_job": "waiting",
    "describe_jobs": "waiting",
    "require_succeeded": "waiting",
    "wait_for_job": "waiting",
    "wait_for_jobs": "waiting",
}

__all__ = ["__version__", *_HOMES]  # noqa: PLE0604 - the keys of _HOMES are strings


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value
