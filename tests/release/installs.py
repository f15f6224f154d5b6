"""What the docs tell each language's user to run to install the release (README and
docs/installation-configuration.md), as written: the rehearsal and P9 run these blocks."""

from __future__ import annotations

from tests.docs import command_block


def documented_install(language: str) -> str:
    """The docs' install block for ``language`` ("" for YAML: nothing to install, the engine fetches the plugin)."""
    blocks = {
        "typescript": lambda: command_block("install-typescript"),
        "go": lambda: command_block("install-go"),
        "python-sdk": lambda: command_block("install-python-sdk"),
        "python": lambda: command_block("install-python"),
        "yaml": lambda: "",
    }
    return blocks[language]()
