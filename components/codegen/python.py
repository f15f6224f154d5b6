"""Python generated from the table: the core's typed values (``components/core/model.py``) and the dynamic
resource's typed surface (``components/dynamic/surface.py``)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from ..core.table import LOOKUP_INPUTS, PROPERTIES, Change, Mode, Property

SURFACE = Path(__file__).resolve().parent.parent / "dynamic" / "surface.py"
MODEL = Path(__file__).resolve().parent.parent / "core" / "model.py"
HEADER = '"""Generated from components/core/table.py by `python -m components.codegen`; do not edit."""'


def _docstring(text: str) -> str:
    return '"""' + text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') + '"""'


def python_types() -> str:
    """The source of ``dynamic/surface.py``: the Args dataclass and the typed output attributes."""
    lines = [
        HEADER,
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


def _surface() -> list[str]:
    """The typed constructor and `get` (keyword-only, documented); ``resource.py`` implements the hooks."""
    return [
        "",
        "",
        "class PackageImportJobSurface(PackageImportJobOutputs):",
        '    """The typed constructor and ``get`` of a PackageImportJob; its behaviour is in ``resource.py``."""',
        "",
        *_constructor(),
        "",
        *_get(),
    ]


def _constructor() -> list[str]:
    inputs = [p for p in PROPERTIES if p.is_input]
    return [
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
    ]


def _get() -> list[str]:
    return [
        "    @classmethod",
        "    def get(",
        "        cls,",
        "        resource_name: str,",
        "        id: pulumi.Input[str],  # noqa: A002 - Pulumi's name for a resource lookup's ID",
        "        opts: pulumi.ResourceOptions | None = None,",
        "        *,",
        *_params(list(LOOKUP_INPUTS)),
        "    ) -> Self:",
        '        """Look up an existing import job by ID through the provider\'s read, during `pulumi preview`',
        "        too. The lookup is a gate: it waits while the job is PENDING (up to ``wait_timeout_seconds``,",
        "        1800 s unless given, which holds the preview that long) and fails unless it SUCCEEDED",
        "        (unless ``require_succeeded=False``).",
        "",
        "        :param resource_name: The resource's name in the stack.",
        "        :param id: The import job's ID.",
        "        :param opts: Pulumi resource options.",
        *_param_docs(list(LOOKUP_INPUTS)),
        '        """',
        *_given(list(LOOKUP_INPUTS)),
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


def _field(prop: Property, doc: str) -> list[str]:
    return [f"    {prop.name}: {prop.type.python} | None = None", f"    {_docstring(doc)}"]


def model_types() -> str:
    """The source of ``core/model.py``: what the core takes and returns, typed, one field per table row."""
    lines = [
        HEADER,
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Mapping",
        "from dataclasses import dataclass, field",
        "from typing import Any, Protocol",
        *_inputs_class(),
        *_state_class(),
        *_lookup_class(),
        *_steering_protocol(),
    ]
    return "\n".join(lines).rstrip() + "\n"


def _inputs_class() -> list[str]:
    lines = [
        "",
        "",
        "@dataclass(frozen=True, kw_only=True)",
        "class Inputs:",
        '    """The inputs of a gate, parsed once at the edge of a front end (``values.parse_inputs``).',
        "",
        "    None: not given.",
        '    """',
        "",
    ]
    for prop in PROPERTIES:
        if prop.is_input:
            lines += _field(prop, prop.doc + _default_note(prop))
    return [
        *lines,
        "    resource_key: str | None = None",
        '    """Where the gate lives (`project/stack/name`): two gates with equal inputs get distinct ClientTokens."""',
        "    gate_on_read: bool = False",
        '    """A gated read (`PackageImportJob.get`): the read waits and gates, and finds no job gone."""',
        "    unknown: frozenset[str] = frozenset()",
        '    """Inputs whose values are not known yet (`pulumi preview`); their fields hold None."""',
    ]


def _state_class() -> list[str]:
    lines = [
        "",
        "",
        "@dataclass(frozen=True, kw_only=True)",
        "class State:",
        '    """A gate\'s stored state: each property\'s value (read off the job, or the input echoed), the',
        '    recorded identity of its job, and what the front end added."""',
        "",
    ]
    for prop in PROPERTIES:
        if prop.is_input or prop.is_output:
            lines += _field(prop, prop.output_doc or prop.doc)
    return [
        *lines,
        "    resource_key: str | None = None",
        '    """Where the gate lives (`project/stack/name`)."""',
        "    gate_on_read: bool = False",
        '    """Stored by a gated read (`PackageImportJob.get`)."""',
        "    record: Mapping[str, Any] | None = field(default=None)",
        '    """The identity of the job, recorded when the gate was created (`inputs`; see ``migrations``)."""',
    ]


def _lookup_class() -> list[str]:
    lines = [
        "",
        "",
        "@dataclass(frozen=True, kw_only=True)",
        "class LookupArgs:",
        '    """The arguments of the function `getPackageImportJob`."""',
        "",
    ]
    for prop in PROPERTIES:
        if prop.is_function_input:
            lines += _field(prop, prop.function_doc or prop.doc)
    return lines


def _steering_protocol() -> list[str]:
    lines = [
        "",
        "",
        "class Steering(Protocol):",
        '    """What steers a wait and a gate, whether read from inputs, a stored state or a lookup\'s arguments."""',
        "",
    ]
    for prop in PROPERTIES:
        if prop.is_input and prop.change is Change.UPDATES:
            lines += ["    @property", f"    def {prop.name}(self) -> {prop.type.python} | None: ...", ""]
    return lines
