"""The tables of the docs, from the table: inputs and outputs, rendered between
``<!-- generated:NAME -->`` and ``<!-- /generated:NAME -->`` markers of a Markdown file."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..core.table import PROPERTIES, Mode, Property


def _default_text(prop: Property) -> str:
    """The README's default cell: stated defaults as written, values as code."""
    if prop.default_doc is not None or not prop.default_text:
        return prop.default_text or "—"
    return f"`{prop.default_text}`"


_MODES = {Mode.TRACK: "track", Mode.CREATE_REQUIRED: "create (required)", Mode.CREATE_OPTIONAL: "create"}


def _mode_text(prop: Property) -> str:
    return _MODES[prop.mode] if prop.mode is not None else "both"


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def readme_inputs() -> str:
    rows = ["| Input | Type | Mode | Default | Changing it | Description |", "|---|---|---|---|---|---|"]
    for prop in PROPERTIES:
        if prop.change is None:
            continue
        change = prop.change_doc or prop.change.value
        rows.append(
            f"| `{prop.name}` | {prop.type.value} | {_mode_text(prop)} | {_default_text(prop)} | {change} "
            f"| {_escape(prop.doc)} |"
        )
    return "\n".join(rows)


def readme_outputs() -> str:
    rows = ["| Output | Type | Description |", "|---|---|---|"]
    for prop in PROPERTIES:
        if prop.is_output:
            note = " May be `None`." if prop.output_optional else ""
            rows.append(f"| `{prop.name}` | {prop.type.value} | {_escape(prop.output_doc or prop.doc)}{note} |")
    return "\n".join(rows)


BLOCKS: dict[str, Callable[[], str]] = {"inputs": readme_inputs, "outputs": readme_outputs}


def _replacement(body: str) -> Callable[[re.Match[str]], str]:
    return lambda match: f"{match.group(1)}\n{body}\n{match.group(2)}"


def render(text: str) -> str:
    """A document with every generated block it holds replaced by its current rendering (an empty block,
    its two markers on adjacent lines, is filled too)."""
    for name, block in BLOCKS.items():
        pattern = re.compile(rf"(<!-- generated:{name} -->)\n(?:.*?\n)?(<!-- /generated:{name} -->)", re.DOTALL)
        text = pattern.sub(_replacement(block()), text)
    return text


def blocks_in(text: str) -> list[str]:
    """The generated blocks a document holds."""
    return [name for name in BLOCKS if f"<!-- generated:{name} -->" in text]
