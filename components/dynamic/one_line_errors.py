"""Keep Python tracebacks out of `pulumi up` for the gate's own errors.

The SDK's dynamic-provider server (`python -m pulumi.dynamic`) answers a failed call
with ``_abort_with_traceback``, which sends ``traceback.format_exc()`` as the gRPC
error detail; the engine prints it verbatim. Inside that server, :func:`install`
puts a stand-in for its ``traceback`` module that formats a PanoramaGateError as
its one-line message; every other exception keeps its full traceback.

This depends on the SDK's internals. ``tests/contract/test_one_line_errors.py`` is
pinned to the installed pulumi version and fails loudly when the hook moves, and
:func:`install` warns on stderr (which the engine shows) instead of silently doing nothing.
"""

from __future__ import annotations

import sys
from typing import Any

from ..core.errors import PanoramaGateError

#: The server function whose use of ``traceback`` is replaced.
HOOK = "_abort_with_traceback"
SERVER_MODULE = "pulumi.dynamic.__main__"


class OneLineTraceback:
    """Stands in for the `traceback` module inside the provider server."""

    def __init__(self, original: Any) -> None:
        self._original = original

    def format_exc(self, *args: Any, **kwargs: Any) -> str:
        exc = sys.exc_info()[1]
        if isinstance(exc, PanoramaGateError):
            return str(exc)
        return str(self._original.format_exc(*args, **kwargs))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._original, name)


def server_module() -> Any:
    """The running dynamic-provider server's module, or None outside it (unit tests, the program)."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return main if spec is not None and spec.name == SERVER_MODULE else None


def install(server: Any | None = None) -> bool:
    """Patch the provider server; return True when the one-line form is in effect.

    Called at configure time, never at import. Outside the server this does nothing.
    """
    server = server if server is not None else server_module()
    if server is None:
        return False
    current = getattr(server, "traceback", None)
    if not callable(getattr(server, HOOK, None)) or current is None:
        print(
            f"panorama-import-gate: the pulumi SDK's provider server no longer has {HOOK}/traceback; "
            "errors will include Python tracebacks (report this with your pulumi version).",
            file=sys.stderr,
        )
        return False
    if not isinstance(current, OneLineTraceback):
        server.traceback = OneLineTraceback(current)
    return True
