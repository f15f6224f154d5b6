"""The `panorama-import-gate` provider plugin: translates the plugin protocol onto ``lifecycle``.

Built on the SDK's ``pulumi.provider.experimental`` Provider (it already speaks the
protocol, including Cancel and ``customTimeouts``); ``server`` keeps its Python stacks
out of the gate's one-line errors. Every wait runs in a worker thread so Cancel is
served while it sleeps.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from pulumi.provider.experimental.provider import (
    CheckFailure,
    CheckRequest,
    CheckResponse,
    ConfigureRequest,
    ConfigureResponse,
    CreateRequest,
    CreateResponse,
    DeleteRequest,
    DiffRequest,
    DiffResponse,
    GetSchemaRequest,
    GetSchemaResponse,
    InvokeRequest,
    InvokeResponse,
    PropertyDiff,
    PropertyDiffKind,
    Provider,
    ReadRequest,
    ReadResponse,
    UpdateRequest,
    UpdateResponse,
)

from ..core import table as p
from ..core.errors import Failure, InvalidInputError, PanoramaGateError, WaitCancelledError, spell
from ..core.lifecycle import FORGOTTEN, Lifecycle, rule_failures
from ..core.lookup import lookup, lookup_args, unchecked_warning
from ..core.progress import ProgressLines
from ..core.session import Waiting, WaitSession
from ..core.values import inputs_of, state_of, stored
from . import FUNCTION_TOKEN, PACKAGE, RESOURCE_TOKEN
from .schema import schema_json
from .wire import camel, from_wire, plain_in_record, secret_names, to_wire


class Log(Protocol):
    """Sends a message to the engine, attached to a resource (an empty URN: to the whole update)."""

    def __call__(self, urn: str, message: str, ephemeral: bool, *, warning: bool = False) -> None: ...


#: How long a closed gate waits for function calls in flight before it reports (see `_gate`).
READS_GRACE_SECONDS = 10.0


def _check_failures(failures: list[Failure]) -> list[CheckFailure]:
    """The core's check failures, named and worded the way Pulumi programs spell properties."""
    return [CheckFailure(camel(f.property), f.spelled(camel)) for f in failures]


def stack_urn(urn: str) -> str:
    """The URN of the stack a resource belongs to (``urn:pulumi:<stack>::<project>::<type>::<name>``)."""
    head, project, _rest = urn.split("::", 2)
    stack = head.rsplit(":", 1)[-1]
    return f"{head}::{project}::pulumi:pulumi:Stack::{project}-{stack}"


def resource_key(urn: str) -> str:
    """The key the Python resource derives its ClientToken from, read off the URN
    (``urn:pulumi:<stack>::<project>::<type>::<name>``; a name may itself contain ``::``)."""
    head, project, _type, name = urn.split("::", 3)
    return p.resource_key(project, head.rsplit(":", 1)[-1], name)


class ImportGateProvider(Provider):
    """Resource `PackageImportJob` and function `getPackageImportJob` over the shared core."""

    def __init__(self, log: Log | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        """``log`` sends progress and warnings to the engine; ``clock`` paces the progress lines."""
        self._session = WaitSession()  # the plugin process's: Cancel ends every wait in it
        self._lifecycle = Lifecycle(session=self._session)
        self._clock = clock
        self._forgotten = threading.Event()
        self._reads: set[asyncio.Future[Any]] = set()  # function calls in flight
        self._log = log

    # -- schema and configuration ------------------------------------------------------
    async def get_schema(self, request: GetSchemaRequest) -> GetSchemaResponse:
        return GetSchemaResponse(schema=schema_json())

    async def check_config(self, request: CheckRequest) -> CheckResponse:
        # Named as users set them: `pulumi config set panorama-import-gate:region ...`.
        failures = rule_failures(from_wire(request.new_inputs), p.PROVIDER_CONFIG, prefix=f"{PACKAGE}:")
        return CheckResponse(inputs=request.new_inputs, failures=_check_failures(failures))

    async def configure(self, request: ConfigureRequest) -> ConfigureResponse:
        settings = {key.rsplit(":", 1)[-1]: p.setting(value) for key, value in (request.variables or {}).items()}
        self._lifecycle = Lifecycle(
            config_region=settings.get(camel(p.REGION)),
            config_profile=settings.get(camel(p.PROFILE)),
            config_endpoint_url=settings.get(camel(p.ENDPOINT_URL)),
            region_key=f"{PACKAGE}:{camel(p.REGION)}",
            session=self._session,
        )
        # Secret inputs arrive marked, so every output derived from them is returned secret (see `wire`).
        return ConfigureResponse(accept_secrets=True, supports_preview=False)

    async def cancel(self) -> None:
        # Every wait in flight ends at its next sleep; the engine is shutting the plugin down.
        self._session.cancel.set()

    # -- the resource -------------------------------------------------------------------
    async def check(self, request: CheckRequest) -> CheckResponse:
        news, secrets = from_wire(request.new_inputs), secret_names(request.new_inputs)
        failures = _check_failures(self._lifecycle.check(news, secrets))
        inputs = dict(request.new_inputs)
        inputs.update(to_wire({p.RESOURCE_KEY: resource_key(request.urn)}))
        if failures:
            await self._reads_done()  # refused inputs end the update too: see `_gate`
        return CheckResponse(inputs=inputs, failures=failures)

    async def diff(self, request: DiffRequest) -> DiffResponse:
        plain = frozenset(plain_in_record(request.old_state, request.new_inputs))
        old, news = state_of(from_wire(request.old_state)), inputs_of(from_wire(request.new_inputs))
        diff = self._lifecycle.diff(old, news, plain)
        # Property by property, so `pulumi preview` names what changed. `status` is not an input:
        # the recorded job did not SUCCEED and the gate is on.
        detailed = {
            camel(key): PropertyDiff(
                PropertyDiffKind.UPDATE_REPLACE if key in diff.replaces else PropertyDiffKind.UPDATE,
                input_diff=key != p.STATUS,
            )
            for key in [*diff.replaces, *diff.updates]
        }
        if diff.rewrite:  # a record entry to store again, encrypted, in place (see ``migrations``)
            detailed[camel(p.INPUTS)] = PropertyDiff(PropertyDiffKind.UPDATE, input_diff=False)
        return DiffResponse(
            changes=bool(detailed),
            replaces=[camel(k) for k in diff.replaces],
            stables=[camel(k) for k in diff.stables],
            delete_before_replace=False,
            diffs=list(detailed),
            detailed_diff=detailed,
        )

    async def create(self, request: CreateRequest) -> CreateResponse:
        waiting = self._waiting(request.urn, request.timeout, "create")
        inputs = inputs_of(from_wire(request.properties))
        job_id, state = await self._gate(self._lifecycle.create, inputs, waiting)
        return CreateResponse(resource_id=job_id, properties=to_wire(stored(state), secret_names(request.properties)))

    async def read(self, request: ReadRequest) -> ReadResponse:
        state = state_of(from_wire(request.properties))
        found = await self._run(self._lifecycle.read, request.resource_id, state)
        if found is None:
            return ReadResponse(resource_id=None, properties={}, inputs={})
        job_id, outs = found[0], stored(found[1])
        secrets = secret_names(request.properties, request.inputs)
        # `pulumi import` reads with no inputs: the job is then tracked by its ID, like a program's `jobId`.
        inputs = request.inputs or to_wire({p.JOB_ID: job_id})
        return ReadResponse(resource_id=job_id, properties=to_wire(outs, secrets), inputs=inputs)

    async def update(self, request: UpdateRequest) -> UpdateResponse:
        waiting = self._waiting(request.urn, request.timeout, "update")
        old, news = state_of(from_wire(request.olds)), inputs_of(from_wire(request.news))
        state = await self._gate(self._lifecycle.update, old, news, waiting)
        return UpdateResponse(properties=to_wire(stored(state), secret_names(request.olds, request.news)))

    async def delete(self, request: DeleteRequest) -> None:
        """Forget the job: Panorama import jobs cannot be deleted, so nothing in AWS changes (said once)."""
        if self._log is not None and not self._forgotten.is_set():
            self._forgotten.set()
            self._log(stack_urn(request.urn), FORGOTTEN, False)

    # -- the function ---------------------------------------------------------------------
    async def invoke(self, request: InvokeRequest) -> InvokeResponse:
        if request.tok != FUNCTION_TOKEN:
            raise InvalidInputError("function", request.tok, f"must be {FUNCTION_TOKEN}")
        args = lookup_args(from_wire(request.args))
        reading = asyncio.ensure_future(self._run(lookup, self._lifecycle, args))
        self._reads.add(reading)
        reading.add_done_callback(self._reads.discard)
        job = await reading
        warning = unchecked_warning(job, args)
        if warning and self._log is not None:
            self._log("", spell(warning, camel), False, warning=True)
        return InvokeResponse(return_value=to_wire(p.job_outputs(job)))

    # -- helpers --------------------------------------------------------------------------
    def _waiting(self, urn: str, timeout: float, operation: str) -> Waiting:
        log, stack = self._log, stack_urn(urn)

        def send(line: str, ephemeral: bool) -> None:
            assert log is not None
            log(urn, line, ephemeral)
            # Mirrored as passing status on the stack's row: on a narrow terminal a replaced gate's own row
            # shows Pulumi's `[diff: …]` first, which leaves no room for the status.
            log(stack, line if ephemeral else line.rstrip("."), True)

        progress = ProgressLines(send, urn.rsplit("::", 1)[-1], passing=True, clock=self._clock) if log else None
        return Waiting(self._session, progress=progress, cap=timeout or None, cap_name=operation)

    async def _gate(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run a create or update; when the gate closes, first let the function calls in flight finish.

        A closed gate (or refused inputs, in `check`) fails the update, and the engine then shuts the plugin
        down: a read still running would fail with "grpc: the client connection is closing", and Pulumi YAML
        would report that too, as a second error beside the gate's one line.
        """
        try:
            return await self._run(fn, *args)
        except WaitCancelledError:
            raise  # Ctrl-C: the user wants out now, not after the reads
        except PanoramaGateError:
            await self._reads_done()
            raise

    async def _reads_done(self) -> None:
        """Wait (up to READS_GRACE_SECONDS) for the function calls in flight."""
        if self._reads:
            await asyncio.wait(set(self._reads), timeout=READS_GRACE_SECONDS)

    async def _run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run blocking core work in a thread (the server spells the properties its errors name)."""
        return await asyncio.get_running_loop().run_in_executor(self._session.pool, lambda: fn(*args))


__all__ = ["RESOURCE_TOKEN", "ImportGateProvider", "resource_key"]
