"""The client factory: one shared botocore data loader, honouring AWS_DATA_PATH."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.client import ClientSettings, _session, make_client


def test_clients_share_one_loader_and_keep_their_own_sessions() -> None:
    first, second = _session(None), _session(None)
    assert first is not second, "a fresh session per client, so credentials are read anew"
    assert first.get_component("data_loader") is second.get_component("data_loader")


def test_aws_data_path_is_honoured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    loader = _session(None).get_component("data_loader")
    assert str(tmp_path) in loader.search_paths
    make_client(ClientSettings(region="us-east-1", endpoint_url="http://127.0.0.1:9"))  # still finds Panorama
