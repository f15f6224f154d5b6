"""The Pulumi dynamic provider behind ``PackageImportJob``: a translator onto ``lifecycle``.

The engine runs it in its own process (``python -m pulumi.dynamic``) and finds
this class by reference, so this module must keep its name and import without
side effects. The instance is pickled into state: it holds only the region and
profile names read from stack config, never a client, session or credential.

The Pulumi program imports this module too, only to pickle the class by reference:
the behaviour (``lifecycle`` and what it needs) is imported inside the methods, in
the provider's process, so the program does not pay for it.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from .core import table as p

if TYPE_CHECKING:
    from .core.lifecycle import Lifecycle
    from .core.session import Waiting

__all__ = ["PackageImportJobProvider"]

#: Set once this provider process has said that deleting a gate leaves its job in Panorama.
_FORGOTTEN = threading.Event()


class PackageImportJobProvider(ResourceProvider):
    """Track, look up, or create a Panorama package import job, and gate on SUCCEEDED.

    ``delete`` never deletes anything in Panorama: import jobs cannot be deleted,
    so removing the resource only forgets the job. Each method parses the SDK's plain values into the
    core's typed ones (``core.values``) and stores what the core returns.
    """

    #: Filled from stack config (`aws:region`, `aws:profile`) in `configure`; plain names, never secrets.
    config_region: str | None = None
    config_profile: str | None = None

    def configure(self, req: ConfigureRequest) -> None:
        from .dynamic import one_line_errors, server_hooks

        one_line_errors.install()
        server_hooks.install()
        # Stack config values are strings; an empty one is unset.
        self.config_region = p.setting(req.config.get("aws:region"))
        self.config_profile = p.setting(req.config.get("aws:profile"))

    def _lifecycle(self) -> Lifecycle:
        from .core.lifecycle import Lifecycle
        from .dynamic.server_hooks import SESSION

        # Built per call from the two names: the pickled provider must hold nothing else.
        return Lifecycle(config_region=self.config_region, config_profile=self.config_profile, session=SESSION)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        failures = self._lifecycle().check(news)
        return CheckResult(news, [CheckFailure(f.property, f.reason) for f in failures])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        from .core.values import inputs_of, state_of

        diff = self._lifecycle().diff(state_of(olds), inputs_of(news))
        reason = diff.reason(_name(news) or "PackageImportJob")
        if reason:
            print(reason, file=sys.stderr, flush=True)
        return DiffResult(
            changes=diff.changes, replaces=diff.replaces, stables=diff.stables, delete_before_replace=False
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        from .core.values import inputs_of, stored

        job_id, state = self._lifecycle().create(inputs_of(props), _printed_progress(props))
        return CreateResult(job_id, stored(state))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Fresh outputs for `pulumi refresh`, and the gated lookup behind `PackageImportJob.get`.

        A job that is gone answers with an empty ID, and the engine drops the resource.
        """
        from .core.values import state_of, stored

        found = self._lifecycle().read(id_, state_of(props), _printed_progress(props))
        return ReadResult(found[0], stored(found[1])) if found else ReadResult("", {})

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        from .core.values import inputs_of, state_of, stored

        state = self._lifecycle().update(state_of(olds), inputs_of(news), _printed_progress(news))
        return UpdateResult(stored(state))

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        """Forget the job. Panorama import jobs cannot be deleted, so nothing in AWS changes (said once)."""
        from .core.lifecycle import FORGOTTEN

        if not _FORGOTTEN.is_set():
            _FORGOTTEN.set()
            print(FORGOTTEN, file=sys.stderr, flush=True)


def _name(props: dict[str, Any]) -> str:
    """The resource's name, from the key its inputs carry (``project/stack/name``)."""
    return str(props.get(p.RESOURCE_KEY) or "").split("/", 2)[-1]


def _printed_progress(props: dict[str, Any]) -> Waiting:
    """Status lines while waiting, printed: `pulumi up` shows (and keeps) a dynamic provider's output under
    the stack, so the lines name the resource and come sparingly (see ``progress``)."""

    from .core.progress import ProgressLines
    from .core.session import Waiting
    from .dynamic.server_hooks import SESSION

    def send(line: str, _ephemeral: bool) -> None:
        print(line, file=sys.stderr, flush=True)

    return Waiting(SESSION, progress=ProgressLines(send, _name(props)))
