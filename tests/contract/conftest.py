"""Fixtures for the contract tests."""

from tests.contract.support import server

__all__ = ["server"]
