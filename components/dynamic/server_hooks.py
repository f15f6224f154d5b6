"""What the Python SDK's dynamic-provider server (`python -m pulumi.dynamic`) lacks for a provider that
waits, added at configure time (never at import):

- **Cancel.** The engine sends Cancel on the first Ctrl-C; the server answers it and does nothing. Its
  ``Cancel`` is given a body that cancels :data:`SESSION`, the wait session every gate of the process waits
  in, so the waits end at once with a one-line "Cancelled after …" (the import jobs are unaffected), as in
  the plugin.
- **Workers.** The server serves calls with 4 threads, and a waiting gate holds one until its job
  finishes: a fifth gate of the stack, and the Cancel itself, would queue behind them. The pool is
  raised to one thread per waiting gate (``session.MAX_CONCURRENCY``).

Both reach into the SDK's internals, like :mod:`one_line_errors`: ``tests/contract/test_server_hooks.py``
is pinned to the installed pulumi version and fails loudly when they move, and :func:`install` says on
stderr (which the engine shows) when it cannot hook, instead of silently doing nothing.
"""

from __future__ import annotations

import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..core.session import MAX_CONCURRENCY, WaitSession
from .one_line_errors import server_module

#: The provider process's wait session: the engine's Cancel ends every wait in it at its next sleep. (Waits
#: run in the server's own worker threads, which ``install`` widens.)
SESSION = WaitSession()

#: The server module's global that its new ``Cancel`` body calls.
HOOK = "_panorama_import_gate_cancel"


def _cancel_body(self: Any, request: Any, context: Any) -> Any:
    """Becomes the code of the server's ``Cancel``: it runs with the server module's globals, so it
    names them by string (this module's globals, such as ``HOOK``, are not there)."""
    globals()["_panorama_import_gate_cancel"]()
    return globals()["empty_pb2"].Empty()


def on_cancel() -> None:
    """The engine's Cancel: end every wait. Each cancelled wait says so in its own one-line error; the
    engine also sends Cancel when it shuts a provider down after a successful update, so nothing is
    printed here."""
    SESSION.cancel.set()


def install(server: Any | None = None) -> bool:
    """Hook Cancel and widen the worker pool of the running server; True when both are in effect.

    Called from a server worker thread (``configure`` runs in one). Outside the server this does nothing.
    Idempotent: a second provider configured in the same process changes nothing more.
    """
    server = server if server is not None else server_module()
    if server is None:
        return False
    cancel = getattr(getattr(server, "DynamicResourceProviderServicer", None), "Cancel", None)
    if cancel is not None and hasattr(server, "empty_pb2"):
        setattr(server, HOOK, on_cancel)
        cancel.__code__ = _cancel_body.__code__
    else:
        _changed("Ctrl-C will not end a gate's wait")
    pool = _pool()
    if pool is not None:
        pool._max_workers = max(pool._max_workers, MAX_CONCURRENCY)
    else:
        _changed("more than 4 gates of a stack wait in turns, 4 at a time")
    return cancel is not None and pool is not None


def _changed(consequence: str) -> None:
    """Say on stderr (which the engine shows) that a hook did not take, and what that means."""
    print(
        f"panorama-import-gate: the pulumi SDK's provider server changed, so {consequence} "
        "(report this with your pulumi version).",
        file=sys.stderr,
        flush=True,
    )


def _pool() -> ThreadPoolExecutor | None:
    """The server's pool, from the calling worker thread: its target's arguments start with a weak
    reference to the pool (CPython's ThreadPoolExecutor)."""
    args = getattr(threading.current_thread(), "_args", ())
    pool = args[0]() if args and callable(args[0]) else None
    return pool if isinstance(pool, ThreadPoolExecutor) else None
