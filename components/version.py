"""The release version, written only here: pyproject.toml reads it (`[tool.setuptools.dynamic]`)."""

__version__ = "0.4.0"
