"""The pipeline CLI `panorama-import-gate`: the commands (``main``) and what the terminal shows (``view``)."""

from .main import main as main
