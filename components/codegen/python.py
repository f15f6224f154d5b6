"""The typed Python surface of the dynamic resource (``components/dynamic/surface.py``), from the table."""

from __future__ import annotations

import textwrap
from pathlib import Path

from ..core.table import BY_NAME, LOOKUP_KEYS, PROPERTIES, Mode, Property

SURFACE = Path(__file__).resolve().parent.parent / "dynamic" / "surface.py"


def _docstring(text: str) -> str:
    return '"""' + text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') + '"""'


def python_types() -> str:
    """The source of ``dynamic/surface.py``: the Args dataclass and the typed output attributes."""
    lines = [
        '"""Generated from components/core/table.py by `python -m components.codegen`; do not edit."""',
        "",
        "from __future__ import annotations",
        "",
        "from dataclasses import dataclass",
        "from typing import Any, Self",
        "",
        "import pulumi",
        "",
        "",
        "@dataclass(frozen=True, kw_only=True)",
        "class PackageImportJobArgs:",
        '    """Inputs of a PackageImportJob. Give ``job_id`` to track an existing job, or the',
        "    creation inputs to start one:",
        "    " + ", ".join(f"``{p.name}``" for p in PROPERTIES if p.mode is Mode.CREATE_REQUIRED) + ".",
        '    """',
        "",
    ]
    for prop in PROPERTIES:
        if prop.is_input:
            lines.append(f"    {prop.name}: pulumi.Input[{prop.type.python}] | None = None")
            lines.append(f"    {_docstring(prop.doc + _default_note(prop))}")
    lines += [
        "",
        "",
        "class PackageImportJobOutputs:",
        '    """The typed output attributes of a PackageImportJob."""',
        "",
    ]
    for prop in PROPERTIES:
        if prop.is_output:
            kind = f"{prop.type.python} | None" if prop.output_optional else prop.type.python
            lines.append(f"    {prop.name}: pulumi.Output[{kind}]")
            lines.append(f"    {_docstring(prop.output_doc or prop.doc)}")
    return "\n".join(lines + _surface()) + "\n"


def _params(props: list[Property]) -> list[str]:
    """Keyword-only parameters, one per input, typed like the Args fields."""
    return [f"        {prop.name}: pulumi.Input[{prop.type.python}] | None = None," for prop in props]


def _param_docs(props: list[Property]) -> list[str]:
    lines: list[str] = []
    for prop in props:
        text = f":param {prop.name}: {prop.doc}{_default_note(prop)}".replace("\\", "\\\\")
        lines += textwrap.wrap(text, 110, initial_indent=" " * 8, subsequent_indent=" " * 12)
    return lines


def _given(props: list[Property]) -> list[str]:
    """The keywords the caller gave (None means not given), as one dict."""
    return ["        given = {", *(f'            "{prop.name}": {prop.name},' for prop in props), "        }"]


#: `get` takes what steers the read (connection, waiting, gating); the job is the ID.
LOOKUP_INPUTS = [BY_NAME[name] for name in LOOKUP_KEYS]


def _surface() -> list[str]:
    """The typed constructor and `get` (keyword-only, documented); ``resource.py`` implements the hooks."""
    inputs = [p for p in PROPERTIES if p.is_input]
    return [
        "",
        "",
        "class PackageImportJobSurface(PackageImportJobOutputs):",
        '    """The typed constructor and ``get`` of a PackageImportJob; its behaviour is in ``resource.py``."""',
        "",
        "    def __init__(",
        "        self,",
        "        resource_name: str,",
        "        args: PackageImportJobArgs | None = None,",
        "        opts: pulumi.ResourceOptions | None = None,",
        "        *,",
        *_params(inputs),
        "    ) -> None:",
        '        """Gate the deployment on a Panorama package import job: `pulumi up` fails unless it SUCCEEDED.',
        "",
        "        Give ``job_id`` to track a job, or the creation inputs to start one; either as keywords or as",
        "        ``args=PackageImportJobArgs(...)``, not both.",
        "",
        "        :param resource_name: The resource's name in the stack.",
        "        :param args: All inputs at once, instead of the keywords.",
        "        :param opts: Pulumi resource options.",
        *_param_docs(inputs),
        '        """',
        *_given(inputs),
        "        self._register(resource_name, args, opts, {k: v for k, v in given.items() if v is not None})",
        "",
        "    def _register(",
        "        self,",
        "        resource_name: str,",
        "        args: PackageImportJobArgs | None,",
        "        opts: pulumi.ResourceOptions | None,",
        "        given: dict[str, Any],",
        "    ) -> None:",
        "        raise NotImplementedError",
        "",
        "    @classmethod",
        "    def get(",
        "        cls,",
        "        resource_name: str,",
        "        id: pulumi.Input[str],  # noqa: A002 - Pulumi's name for a resource lookup's ID",
        "        opts: pulumi.ResourceOptions | None = None,",
        "        *,",
        *_params(LOOKUP_INPUTS),
        "    ) -> Self:",
        '        """Look up an existing import job by ID through the provider\'s read, during `pulumi preview`',
        "        too. The lookup is a gate: it waits while the job is PENDING (up to ``wait_timeout_seconds``,",
        "        1800 s unless given, which holds the preview that long) and fails unless it SUCCEEDED",
        "        (unless ``require_succeeded=False``).",
        "",
        "        :param resource_name: The resource's name in the stack.",
        "        :param id: The import job's ID.",
        "        :param opts: Pulumi resource options.",
        *_param_docs(LOOKUP_INPUTS),
        '        """',
        *_given(LOOKUP_INPUTS),
        "        return cls._lookup(resource_name, id, opts, {k: v for k, v in given.items() if v is not None})",
        "",
        "    @classmethod",
        "    def _lookup(",
        "        cls,",
        "        resource_name: str,",
        "        job_id: pulumi.Input[str],",
        "        opts: pulumi.ResourceOptions | None,",
        "        given: dict[str, Any],",
        "    ) -> Self:",
        "        raise NotImplementedError",
    ]


def _default_note(prop: Property) -> str:
    return f" Default: {prop.default_text.replace('`', '')}." if prop.default_text else ""
