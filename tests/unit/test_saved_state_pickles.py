"""The providers pickled into saved stacks (tests/fixtures/states) name only module paths that must never
move: `components.provider` from a checkout, `panorama_import_gate.provider` from the installed wheel,
besides standard and dill ones. Read with `pickletools`, without loading anything.

(tests/contract/test_saved_providers.py unpickles them with the current code.)
"""

from __future__ import annotations

import base64
import pickletools
import sys
from typing import Any

import dill
import pytest
from pulumi.dynamic.dynamic import serialize_provider

from components.provider import PackageImportJobProvider
from tests.saved_states import SavedState, saved_states

#: The one class a saved pickle may name outside the standard library and dill, per front end.
STABLE = {
    "python": ("components.provider", "PackageImportJobProvider"),
    "wheel": ("panorama_import_gate.provider", "PackageImportJobProvider"),
}
PICKLING = [state for state in saved_states() if state.provider_pickles()]
STRINGS = {"SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "UNICODE", "SHORT_BINSTRING", "BINSTRING", "STRING"}


def pickled_globals(raw: bytes) -> list[tuple[str, str]]:
    """Every (module, name) a pickle imports when loaded: GLOBAL and INST name both in their argument;
    STACK_GLOBAL takes the two strings pushed (or fetched from the memo) just before it."""
    found: list[tuple[str, str]] = []
    pushed: list[object] = []  # what each opcode pushed: a string, or None for anything else
    memo: dict[int, object] = {}
    for opcode, arg, _ in pickletools.genops(raw):
        name = opcode.name
        if name in ("GLOBAL", "INST"):
            module, _, attribute = str(arg).partition(" ")
            found.append((module, attribute))
            pushed.append(None)
        elif name == "STACK_GLOBAL":
            stacked_module, stacked_name = pushed[-2:]
            assert isinstance(stacked_module, str) and isinstance(stacked_name, str), "STACK_GLOBAL without strings"
            found.append((stacked_module, stacked_name))
            pushed[-2:] = [None]
        elif name in STRINGS:
            pushed.append(arg)
        elif name == "MEMOIZE":
            memo[len(memo)] = pushed[-1]
        elif name in ("PUT", "BINPUT", "LONG_BINPUT"):
            memo[int(str(arg))] = pushed[-1]
        elif name in ("GET", "BINGET", "LONG_BINGET"):
            pushed.append(memo.get(int(str(arg))))
        elif name not in ("PROTO", "FRAME", "STOP"):
            pushed.append(None)
    return found


def standard(module: str) -> bool:
    top = module.split(".", maxsplit=1)[0]
    return top in sys.stdlib_module_names or top == "dill"


def test_the_saved_states_hold_pickles_from_a_checkout_and_from_the_wheel() -> None:
    releases = {(state.meta["release"], state.front_end) for state in PICKLING}
    assert {("0.1", "python"), ("0.2", "python"), ("0.3", "python"), ("0.3", "wheel")} <= releases


@pytest.mark.parametrize("state", PICKLING, ids=lambda state: state.name)
def test_a_saved_provider_pickle_names_only_module_paths_that_stay_stable(state: SavedState) -> None:
    for raw in state.provider_pickles():
        named = pickled_globals(raw)
        assert [entry for entry in named if not standard(entry[0])] == [STABLE[state.front_end]], named


def test_the_pickle_reader_sees_the_class_of_a_fresh_pickle_and_what_dill_pickles_by_value() -> None:
    """The reader is not blind: it finds the provider class in what a program pickles today, and dill's
    own names in a class defined outside any module (pickled by value)."""
    fresh = serialize_provider(PackageImportJobProvider())  # what a program pickles today
    assert pickled_globals(base64.b64decode(fresh)) == [STABLE["python"]]
    namespace: dict[str, Any] = {}
    exec("class Local:\n    pass\n", namespace)  # a class that no module holds
    named = pickled_globals(dill.dumps(namespace["Local"](), recurse=True))
    assert any(module.startswith("dill.") for module, _ in named), named
