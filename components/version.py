"""The release version (kept equal to pyproject.toml's by a unit test)."""

__version__ = "0.3.0"
