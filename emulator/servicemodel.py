"""AWS's own Panorama service model, loaded from botocore's data folder."""

from __future__ import annotations

from functools import lru_cache

import botocore.session
from botocore.exceptions import UnknownServiceError
from botocore.model import ServiceModel


class ServiceModelMissing(RuntimeError):
    """The Panorama model is not installed (botocore dropped it in 1.43.38)."""


@lru_cache(maxsize=1)
def panorama_model() -> ServiceModel:
    try:
        return botocore.session.get_session().get_service_model("panorama")
    except UnknownServiceError as exc:
        raise ServiceModelMissing(
            "botocore has no Panorama service model: run `pip install botocore-a-la-carte-panorama`."
        ) from exc
