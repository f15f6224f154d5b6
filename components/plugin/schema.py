"""The Pulumi package schema of `panorama-import-gate`, derived from the property table."""

from __future__ import annotations

import json
from typing import Any

from ..core import table as p
from ..version import __version__
from . import FUNCTION_TOKEN, PACKAGE, RESOURCE_TOKEN, sdk_languages

#: Where the project lives and how the Pulumi registry lists it. `pluginDownloadURL` names the project's
#: releases: the engine downloads `pulumi-resource-panorama-import-gate-v<version>-<os>-<arch>.tar.gz` from
#: there by itself (a mirror redirects it with PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES).
HOME = "https://github.com/panorama-import-gate/panorama-import-gate"
METADATA: dict[str, Any] = {
    "publisher": "panorama-import-gate",
    "homepage": HOME,
    "repository": HOME,
    "license": "Apache-2.0",
    "keywords": ["aws", "panorama", "import", "gate", "category/utility", "kind/native"],
    "pluginDownloadURL": "github://api.github.com/panorama-import-gate/panorama-import-gate",
}


def _type(prop: p.Property) -> dict[str, Any]:
    if prop.type is p.Type.STRING_MAP:
        return {"type": "object", "additionalProperties": {"type": "string"}}
    return {"type": prop.type.value}


def _spec(prop: p.Property, doc: str) -> dict[str, Any]:
    # No schema `default`: generated SDKs would send it, and a create-mode default sent next to
    # `jobId` fails `check`. The default is stated in the description instead.
    return {**_type(prop), "description": doc}


def _default_text(prop: p.Property) -> str:
    wording = p.PROVIDER_DEFAULT_WORDING.get(prop.name)
    return wording.format(package=PACKAGE) if wording else prop.default_text


def _input_doc(prop: p.Property) -> str:
    replaces = prop.change is p.Change.REPLACES
    change = "Changing it replaces the resource." if replaces else "Changing it updates in place."
    default = _default_text(prop)
    return f"{prop.doc}{f' Default: {default}.' if default else ''} {change}"


def _function_inputs() -> dict[str, Any]:
    """`getPackageImportJob`'s inputs, from the table's rows with a ``function_doc``."""
    return {
        prop.wire: _spec(
            prop, f"{prop.function_doc}{f' Default: {_default_text(prop)}.' if prop.name in p.SETTINGS else ''}"
        )
        for prop in p.FUNCTION_INPUTS
    }


def _outputs() -> dict[str, Any]:
    return {prop.wire: _spec(prop, prop.output_doc or prop.doc) for prop in p.PROPERTIES if prop.is_output}


def schema() -> dict[str, Any]:
    inputs = {prop.wire: _spec(prop, _input_doc(prop)) for prop in p.PROPERTIES if prop.is_input}
    always = [prop.wire for prop in p.PROPERTIES if prop.is_output and not prop.output_optional]
    config = {
        prop.wire: {**_type(prop), "description": f"{prop.doc} Default: {_default_text(prop)}."}
        for prop in p.PROVIDER_CONFIG
    }
    return {
        "name": PACKAGE,
        "version": __version__,
        "displayName": "Panorama import gate",
        "description": "Gate Pulumi deployments on AWS Panorama package import jobs.",
        **METADATA,
        "language": sdk_languages.language(),
        "config": {"variables": config},
        "provider": {"description": "The panorama-import-gate provider.", "inputProperties": config},
        "resources": {
            RESOURCE_TOKEN: {
                "description": (
                    "A Panorama package import job that a deployment depends on. The update fails unless the job "
                    "SUCCEEDED (unless requireSucceeded is false). Give jobId to track a job, or the create-mode "
                    "inputs to start one. Deleting the resource never deletes anything in Panorama."
                ),
                "inputProperties": inputs,
                "properties": _outputs(),
                "required": always,
            }
        },
        "functions": {
            FUNCTION_TOKEN: {
                "description": "Read a Panorama package import job, by ID or by the package version it produced.",
                "inputs": {"properties": _function_inputs()},
                "outputs": {"properties": _outputs(), "required": always},
            }
        },
    }


def schema_json() -> str:
    return json.dumps(schema(), indent=2, sort_keys=True)
