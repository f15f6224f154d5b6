"""A minimal Pulumi language host for Python programs (`pulumi-language-python`).

Used only when the official Go language host cannot be built: its module
(github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3) has no tags,
and the module proxy reachable here serves none of its pseudo-versions.

It speaks the engine's LanguageRuntime protocol with the stubs shipped in the
`pulumi` package and runs the program the same way the Go host does: it starts
the SDK's own `pulumi-language-python-exec` (installed beside this file) in the
project's virtualenv, passing the run settings as flags and the stack config
through PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS. It does not install
dependencies or report program dependencies: `make setup` owns the venv.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent import futures
from pathlib import Path
from typing import Any

try:
    import grpc
    from google.protobuf import empty_pb2
    from pulumi.runtime.proto import language_pb2, language_pb2_grpc, plugin_pb2
except ImportError as exc:  # the launcher picked a Python without the project's packages
    sys.exit(
        f"error: the Python language host runs with {sys.executable}, which cannot import {exc.name}: point "
        "runtime.options.virtualenv in Pulumi.yaml at the project's virtualenv (with pulumi installed)."
    )

HERE = Path(__file__).resolve().parent
EXEC_SCRIPT = HERE / "pulumi-language-python-exec"
BAIL_EXIT_CODE = 32  # the exec script already showed the user an actionable message


def _python(root: str, options: dict[str, Any]) -> str:
    venv = options.get("virtualenv") or os.environ.get("PULUMI_RUNTIME_VIRTUALENV")
    if venv:
        path = Path(venv) if os.path.isabs(venv) else Path(root) / venv
        candidate = path / "bin" / "python"
        if candidate.exists():
            return str(candidate)
    return os.environ.get("PULUMI_PYTHON_CMD") or sys.executable


class LanguageHost(language_pb2_grpc.LanguageRuntimeServicer):
    def __init__(self, engine_address: str) -> None:
        self.engine_address = engine_address

    def Handshake(self, request: Any, context: Any) -> Any:
        self.engine_address = request.engine_address or self.engine_address
        return language_pb2.LanguageHandshakeResponse()

    def GetPluginInfo(self, request: Any, context: Any) -> Any:
        return plugin_pb2.PluginInfo(version="3.0.0")

    def GetRequiredPlugins(self, request: Any, context: Any) -> Any:
        return language_pb2.GetRequiredPluginsResponse()

    def GetRequiredPackages(self, request: Any, context: Any) -> Any:
        return language_pb2.GetRequiredPackagesResponse()

    def About(self, request: Any, context: Any) -> Any:
        return language_pb2.AboutResponse(executable=sys.executable, version=sys.version.split()[0])

    def GetProgramDependencies(self, request: Any, context: Any) -> Any:
        return language_pb2.GetProgramDependenciesResponse()

    def InstallDependencies(self, request: Any, context: Any) -> Any:
        yield language_pb2.InstallDependenciesResponse(
            stdout=b"Dependencies are installed by `make setup` for this project.\n"
        )

    def RuntimeOptionsPrompts(self, request: Any, context: Any) -> Any:
        return language_pb2.RuntimeOptionsResponse()

    def Run(self, request: Any, context: Any) -> Any:
        info = request.info
        root = info.root_directory or request.pwd or os.getcwd()
        options = dict(info.options.items()) if info.HasField("options") else {}
        program_dir = info.program_directory or request.pwd or root
        program = info.entry_point or request.program or "."
        args = [
            _python(root, options),
            "-u",
            str(EXEC_SCRIPT),
            f"--monitor={request.monitor_address}",
            f"--engine={self.engine_address}",
            f"--project={request.project}",
            f"--stack={request.stack}",
            f"--pwd={request.pwd or program_dir}",
            f"--dry_run={'true' if request.dryRun else 'false'}",
            f"--parallel={request.parallel}",
            f"--organization={request.organization}",
            f"--root_directory={root}",
            program,
            *request.args,
        ]
        env = dict(os.environ)
        env["PULUMI_CONFIG"] = json.dumps(dict(request.config))
        env["PULUMI_CONFIG_SECRET_KEYS"] = json.dumps(list(request.configSecretKeys))
        completed = subprocess.run(args, cwd=program_dir, env=env, check=False)
        if completed.returncode == 0:
            return language_pb2.RunResponse()
        if completed.returncode == BAIL_EXIT_CODE:
            return language_pb2.RunResponse(bail=True)
        return language_pb2.RunResponse(error=f"Program exited with non-zero exit code: {completed.returncode}")

    def Cancel(self, request: Any, context: Any) -> Any:
        return empty_pb2.Empty()


def main() -> None:
    positional = [a for a in sys.argv[1:] if not a.startswith("-")]
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    language_pb2_grpc.add_LanguageRuntimeServicer_to_server(LanguageHost(positional[0] if positional else ""), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    try:
        server.wait_for_termination()
    except KeyboardInterrupt:  # the engine stops language hosts with SIGINT
        server.stop(grace=None)


if __name__ == "__main__":
    main()
