"""The package schema's ``language`` section: how the generated SDKs are named and versioned.

Only keys that Pulumi's generators read (pulumi/pkg/v3 v3.274.1, ``codegen/<language>/importer.go``).
``python -m components.codegen --schema`` prints the whole schema, which ``scripts/sdks.sh`` writes to
``schema.json`` and generates ``sdk/`` from.
"""

from __future__ import annotations

from typing import Any

#: The npm package. Not ``@pulumi/...``: that scope is Pulumi's own, so we could never publish
#: there, and the name would pass the package off as an official Pulumi provider.
NODEJS_PACKAGE = "@panorama-import-gate/pulumi"

#: The Python distribution and import name. ``pulumi_`` keeps it apart from this project's own
#: ``panorama_import_gate`` (the dynamic provider and the plugin) and follows Pulumi's naming.
PYTHON_PACKAGE = "pulumi_panorama_import_gate"

#: The Go import path of the SDK's root package. The module (``sdk/go/go.mod``) is the folder above
#: it, ``github.com/panorama-import-gate/panorama-import-gate/sdk/go``. Nothing is published there:
#: users `require` that module and `replace` it with their copy of ``sdk/go``.
GO_IMPORT_BASE_PATH = "github.com/panorama-import-gate/panorama-import-gate/sdk/go/panoramaimportgate"

#: What the Node SDK is compiled against: exact versions that npm serves (it serves no 3.274 of
#: @pulumi/pulumi). TypeScript stays below 7, which @pulumi/pulumi's peer range excludes.
PULUMI_NODEJS_VERSION = "3.276.0"
TYPESCRIPT_VERSION = "5.9.3"
NODE_TYPES_VERSION = "20.19.43"  # Node 20, this project's Node


def language() -> dict[str, Any]:
    """The ``language`` section. ``respectSchemaVersion`` makes every SDK carry the schema's
    ``version`` (the package version) and ask the engine for the plugin at that version, the one
    ``panorama-import-gate install-plugin`` installs; without it the SDKs carry placeholders."""
    return {
        "nodejs": {
            "packageName": NODEJS_PACKAGE,
            "respectSchemaVersion": True,
            "dependencies": {"@pulumi/pulumi": PULUMI_NODEJS_VERSION},
            "devDependencies": {"@types/node": NODE_TYPES_VERSION},
            "typescriptVersion": TYPESCRIPT_VERSION,
        },
        "go": {"importBasePath": GO_IMPORT_BASE_PATH, "respectSchemaVersion": True},
        "python": {
            "packageName": PYTHON_PACKAGE,
            "respectSchemaVersion": True,
            "pyproject": {"enabled": True},
        },
    }
