"""Gate Pulumi deployments on AWS Panorama package import jobs.

Every public name is loaded on first use: the core (client, job model, waiting) imports
botocore only when a client is built, a Pulumi program never imports botocore, and the
pipeline CLI never imports pulumi.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:  # for type checkers and IDEs (`X as X` re-exports X); `_HOMES` serves them at run time
    # One statement per module (isort would split each `X as X` into its own statement).
    from .core.backoff import (  # noqa: I001
        Backoff as Backoff,
    )
    from .core.client import (
        ClientSettings as ClientSettings,
        make_client as make_client,
    )
    from .core.errors import (
        AccessDeniedError as AccessDeniedError,
        ConfigurationError as ConfigurationError,
        CredentialsError as CredentialsError,
        EndpointError as EndpointError,
        InvalidInputError as InvalidInputError,
        JobFailedError as JobFailedError,
        JobNotFoundError as JobNotFoundError,
        MissingRegionError as MissingRegionError,
        PackageJobNotFoundError as PackageJobNotFoundError,
        PanoramaGateError as PanoramaGateError,
        RequestRejectedError as RequestRejectedError,
        ServiceError as ServiceError,
        WaitCancelledError as WaitCancelledError,
        WaitTimeoutError as WaitTimeoutError,
    )
    from .core.finding import (
        find_latest_succeeded as find_latest_succeeded,
    )
    from .core.job import (
        ImportJob as ImportJob,
        S3Location as S3Location,
    )
    from .dynamic.resource import (
        PackageImportJob as PackageImportJob,
        PackageImportJobArgs as PackageImportJobArgs,
    )
    from .core.session import (
        JobOutcome as JobOutcome,
        describe_jobs as describe_jobs,
        wait_for_jobs as wait_for_jobs,
    )
    from .core.waiting import (
        Waiter as Waiter,
        describe_job as describe_job,
        require_succeeded as require_succeeded,
        wait_for_job as wait_for_job,
    )

#: Each public name and the module it lives in: the one list (``__all__`` and the lazy loader read it;
#: tests/unit/test_lazy_imports.py checks the TYPE_CHECKING imports above name the same set).
_HOMES = {
    "Backoff": "core.backoff",
    "ClientSettings": "core.client",
    "make_client": "core.client",
    "AccessDeniedError": "core.errors",
    "ConfigurationError": "core.errors",
    "CredentialsError": "core.errors",
    "EndpointError": "core.errors",
    "InvalidInputError": "core.errors",
    "JobFailedError": "core.errors",
    "JobNotFoundError": "core.errors",
    "MissingRegionError": "core.errors",
    "PackageJobNotFoundError": "core.errors",
    "PanoramaGateError": "core.errors",
    "RequestRejectedError": "core.errors",
    "ServiceError": "core.errors",
    "WaitCancelledError": "core.errors",
    "WaitTimeoutError": "core.errors",
    "find_latest_succeeded": "core.finding",
    "ImportJob": "core.job",
    "S3Location": "core.job",
    "PackageImportJob": "dynamic.resource",
    "PackageImportJobArgs": "dynamic.resource",
    "JobOutcome": "core.session",
    "Waiter": "core.waiting",
    "describe_job": "core.waiting",
    "describe_jobs": "core.session",
    "require_succeeded": "core.waiting",
    "wait_for_job": "core.waiting",
    "wait_for_jobs": "core.session",
}

__all__ = ["__version__", *_HOMES]  # noqa: PLE0604 - the keys of _HOMES are strings


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value
