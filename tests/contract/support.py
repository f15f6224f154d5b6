"""Helpers for driving the provider through its gRPC server."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from components.core import table as p
from components.provider import PackageImportJobProvider
from emulator.testing import EmulatorProcess
from tests.conftest import ROOT

URN = "urn:pulumi:contract::panorama-import-gate::pulumi-python:dynamic:Resource::gate"
PROVIDER = serialize_provider(PackageImportJobProvider())


def to_struct(props: dict[str, Any]) -> struct_pb2.Struct:
    return asyncio.run(rpc.serialize_properties(props, {}))


def from_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    return dict(rpc.deserialize_properties(struct, keep_unknowns=True))


@contextlib.contextmanager
def provider_server(*command: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> Iterator[Any]:
    """Start a provider process the way the engine does (it prints its port), and yield a stub for it.

    ``cwd``: the project folder the engine starts it in (this checkout, whose `components` it imports)."""
    with provider_process(*command, env=env, cwd=cwd) as (stub, _proc):
        yield stub


@contextlib.contextmanager
def provider_process(
    *command: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> Iterator[tuple[Any, subprocess.Popen[str]]]:
    """``provider_server``, also yielding the process (its stderr is what the engine shows the user)."""
    proc = subprocess.Popen(
        [sys.executable, "-u", *command],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Two attempts per call keep the persistent-fault scenarios short.
        env={**os.environ, "AWS_MAX_ATTEMPTS": "2", **(env or {})},
    )
    assert proc.stdout is not None
    port = int(proc.stdout.readline().strip())
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        grpc.channel_ready_future(channel).result(timeout=10)
        yield provider_pb2_grpc.ResourceProviderStub(channel), proc
    finally:
        channel.close()
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def server(aws_env: dict[str, str]) -> Iterator[provider_pb2_grpc.ResourceProviderStub]:
    with provider_server("-m", "pulumi.dynamic", env={"PULUMI_PROJECT": "panorama-import-gate"}) as stub:
        stub.Configure(provider_pb2.ConfigureRequest(args=to_struct({"aws:region": "us-east-1"})))
        yield stub


def inputs(emulator: EmulatorProcess, **values: Any) -> dict[str, Any]:
    return {
        "__provider": PROVIDER,
        p.ENDPOINT_URL: emulator.url,
        p.POLL_MIN_DELAY: 0.05,
        p.POLL_MAX_DELAY: 0.2,
        p.RESOURCE_KEY: "panorama-import-gate/contract/gate",
        **values,
    }


def create(server: Any, props: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    response = server.Create(provider_pb2.CreateRequest(urn=URN, properties=to_struct(props)))
    return response.id, from_struct(response.properties)
