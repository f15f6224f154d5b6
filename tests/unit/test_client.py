"""The client factory: one shared botocore data loader, honouring AWS_DATA_PATH; botocore's adaptive retry mode
by default; each client knows the endpoint setting it was built from."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from components.core.client import ClientSettings, Endpoint, _session, client_config, endpoint_of, make_client


def test_clients_share_one_loader_and_keep_their_own_sessions() -> None:
    first, second = _session(None), _session(None)
    assert first is not second, "a fresh session per client, so credentials are read anew"
    assert first.get_component("data_loader") is second.get_component("data_loader")


def test_aws_data_path_is_honoured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    loader = _session(None).get_component("data_loader")
    assert str(tmp_path) in loader.search_paths
    make_client(ClientSettings(region="us-east-1", endpoint_url="http://127.0.0.1:9"))  # still finds Panorama


def test_the_default_retry_mode_is_adaptive_and_aws_retry_mode_overrides_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Measured under a Describe quota (BENCHMARKS.md P8): `standard` lost gates that `adaptive` did not."""
    monkeypatch.delenv("AWS_RETRY_MODE", raising=False)
    built = make_client(ClientSettings(region="us-east-1", endpoint_url="http://127.0.0.1:9"))
    assert built.meta.config.retries["mode"] == "adaptive"
    monkeypatch.setenv("AWS_RETRY_MODE", "standard")
    assert make_client(ClientSettings(region="us-east-1")).meta.config.retries["mode"] == "standard"
    assert client_config(ClientSettings(retry_mode="legacy")).retries["mode"] == "legacy"


@pytest.mark.parametrize(
    ("settings", "variable", "expected"),
    [
        (ClientSettings(endpoint_url="http://127.0.0.1:9/x"), None, Endpoint("http://127.0.0.1:9/x", "endpoint_url")),
        (
            ClientSettings(endpoint_url="http://127.0.0.1:9", endpoint_setting="panorama-import-gate:endpointUrl"),
            "http://127.0.0.1:8",
            Endpoint("http://127.0.0.1:9", "panorama-import-gate:endpointUrl"),
        ),
        (ClientSettings(), "http://127.0.0.1:8/y", Endpoint("http://127.0.0.1:8/y", "AWS_ENDPOINT_URL_PANORAMA")),
        (ClientSettings(), None, Endpoint("https://panorama.us-east-1.amazonaws.com", None)),
    ],
    ids=["input", "config-over-the-environment", "environment", "aws"],
)
def test_a_client_knows_its_endpoint_as_typed_and_the_setting_it_came_from(
    monkeypatch: pytest.MonkeyPatch, settings: ClientSettings, variable: str | None, expected: Endpoint
) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    if variable is None:
        monkeypatch.delenv("AWS_ENDPOINT_URL_PANORAMA", raising=False)
    else:
        monkeypatch.setenv("AWS_ENDPOINT_URL_PANORAMA", variable)
    assert endpoint_of(make_client(replace(settings, region="us-east-1"))) == expected
