"""The folders are the architecture: the core imports no front end and no Pulumi, the front ends do not import
each other, the generators are imported by nobody at run time, and no two modules import each other in a
circle. Read from the sources' import statements (lazy imports inside functions count too)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "components"
FRONT_ENDS = ("components.dynamic", "components.plugin", "components.cli")
#: The one crossing: the CLI's `install-plugin` command runs the plugin's installer.
CROSSINGS = {("components.cli.main", "components.plugin"), ("components.cli.main", "components.plugin.install")}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[str]:
    """Every module a source file imports, absolute (``from .x import y`` resolved against its package)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _graph() -> dict[str, set[str]]:
    """Each module of components/ and the modules of components/ it imports."""
    sources = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {
        name: {imported for imported in _imports(path) if imported in sources and imported != name}
        for name, path in sources.items()
    }


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_graph_is_read_from_every_module() -> None:
    graph = _graph()
    assert len(graph) >= 40, sorted(graph)
    assert "components.core.lifecycle" in graph["components.provider"]
    assert "components.core.model" in graph["components.core.values"]
    assert "components.plugin.install" in graph["components.cli.main"], "lazy imports count"


def test_the_core_imports_no_front_end_and_no_pulumi() -> None:
    offences = [
        f"{path.relative_to(ROOT)} imports {imported}"
        for path in (PACKAGE / "core").rglob("*.py")
        for imported in _imports(path)
        if _under(imported, "pulumi") or any(_under(imported, front) for front in (*FRONT_ENDS, "components.codegen"))
    ]
    assert offences == []


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_a_front_end_imports_no_other_front_end(front_end: str) -> None:
    graph = _graph()
    others = [other for other in FRONT_ENDS if other != front_end]
    offences = [
        f"{module} imports {imported}"
        for module, imported_set in graph.items()
        if _under(module, front_end)
        for imported in imported_set
        if any(_under(imported, other) for other in others) and (module, imported) not in CROSSINGS
    ]
    assert offences == []


def test_only_the_generators_import_the_generators() -> None:
    graph = _graph()
    offences = [
        f"{module} imports {imported}"
        for module, imported_set in graph.items()
        if not _under(module, "components.codegen")
        for imported in imported_set
        if _under(imported, "components.codegen")
    ]
    assert offences == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_itself_through_others() -> None:
    graph = _graph()
    # A package's __init__ that re-exports its modules is not a cycle with them; anything else is.
    pruned = {
        module: {imported for imported in imported_set if not _under(imported, module)}
        for module, imported_set in graph.items()
    }
    assert _cycles(pruned) == []
