"""What botocore knows about Panorama and AWS, read once per process: the installed Panorama service model
(the rules inputs obey) and the partitions' region names. Clients share the same loader (see ``client``).

Pulumi-free; botocore is imported only when this data is first needed.
"""

from __future__ import annotations

import functools
import os
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import botocore.model


#: Held while a session takes the shared loader, so sessions built at once on many threads share one loader.
LOADER_LOCK = threading.Lock()


@functools.lru_cache(maxsize=8)
def loader(data_path: str | None) -> Any:
    """One botocore data loader per data path (AWS_DATA_PATH / the profile's `data_path`): the
    Panorama model, its endpoint rules and the partition data are parsed once instead of once per
    client (about 0.1 s each here)."""
    from botocore.loaders import create_loader

    return create_loader(data_path)


@functools.lru_cache(maxsize=1)
def region_patterns() -> tuple[str, ...]:
    """How each AWS partition names its regions (botocore's partition data), e.g. ``^cn\\-\\w+\\-\\d+$``."""
    partitions = loader(os.environ.get("AWS_DATA_PATH")).load_data("partitions")["partitions"]
    return tuple(str(partition["regionRegex"]) for partition in partitions if partition.get("regionRegex"))


@functools.lru_cache(maxsize=1)
def service_model() -> botocore.model.ServiceModel:
    """The installed Panorama service model, parsed once per process through the shared loader.

    Read without a session: a session would read AWS_PROFILE, and a profile that does not
    exist must not stop input checks (the resource or the CLI may name another one).
    """
    import botocore.model

    shared = loader(os.environ.get("AWS_DATA_PATH"))
    return botocore.model.ServiceModel(shared.load_service_model("panorama", "service-2"), "panorama")
