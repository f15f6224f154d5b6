"""Serve the plugin: `pulumi-resource-panorama-import-gate <engine address>` (the engine starts it).

The SDK's server re-raises every provider error with the Python stack appended, and the
engine prints that verbatim. Here a gate error reaches the engine as its one-line message;
any other exception (a bug) keeps the SDK's stack so it can be reported.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
import grpc.aio
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc, provider_pb2_grpc

from ..core.errors import PanoramaGateError
from ..core.table import camel
from ..version import __version__
from .install import installed_version_mismatch
from .provider import ImportGateProvider

#: A status line the engine has not taken within this long is dropped (a wait must never stall on it).
LOG_TIMEOUT_SECONDS = 2.0

#: The RPCs whose errors are users' errors (a closed gate, bad input, AWS failures).
RPCS = ("GetSchema", "CheckConfig", "Configure", "Check", "Diff", "Create", "Read", "Update", "Delete", "Invoke")


def _one_line(rpc: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    async def answer(self: ProviderServicer, request: Any, context: grpc.aio.ServicerContext) -> Any:
        try:
            return await rpc(self, request, context)
        except Exception as exc:  # the SDK's re-raise: our error is its __context__
            cause = exc if isinstance(exc, PanoramaGateError) else exc.__context__
            if isinstance(cause, PanoramaGateError):
                # Properties named as the plugin's languages spell them (camelCase).
                await context.abort(grpc.StatusCode.UNKNOWN, cause.spelled(camel))
            raise

    return answer


class OneLineServicer(ProviderServicer):
    """The SDK's servicer, answering the gate's errors with their one-line message."""


for _name in RPCS:
    setattr(OneLineServicer, _name, _one_line(getattr(ProviderServicer, _name)))


class EngineLog:
    """Log messages attached to a resource, shown on its row in `pulumi up` (ephemeral: as live status)."""

    def __init__(self, address: str) -> None:
        self._stub = engine_pb2_grpc.EngineStub(grpc.insecure_channel(address, options=_GRPC_CHANNEL_OPTIONS))

    def __call__(self, urn: str, message: str, ephemeral: bool, *, warning: bool = False) -> None:
        # Progress is best effort: a lost status line must never fail the gate.
        severity = engine_pb2.WARNING if warning else engine_pb2.INFO
        with contextlib.suppress(grpc.RpcError):
            self._stub.Log(
                engine_pb2.LogRequest(severity=severity, message=message, urn=urn, ephemeral=ephemeral),
                timeout=LOG_TIMEOUT_SECONDS,
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The panorama-import-gate Pulumi provider plugin (started by pulumi).")
    parser.add_argument("engine", help="the Pulumi engine's address")
    parser.add_argument("--logflow", action="store_true", help="ignored")
    parser.add_argument("--logtostderr", action="store_true", help="ignored")
    argv = sys.argv[1:] if argv is None else argv
    args, _ = parser.parse_known_args(argv)
    stale = installed_version_mismatch()
    if stale:
        print(stale, file=sys.stderr)
        sys.exit(1)
    provider = ImportGateProvider(log=EngineLog(args.engine))

    async def serve() -> None:
        server = grpc.aio.server(options=_GRPC_CHANNEL_OPTIONS)
        servicer = OneLineServicer(argv, __version__, provider, engine_address=args.engine)
        provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
        port = server.add_insecure_port(address="127.0.0.1:0")
        await server.start()
        sys.stdout.write(f"{port}\n")
        sys.stdout.flush()
        await server.wait_for_termination()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())
