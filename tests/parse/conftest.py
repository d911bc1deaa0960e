"""Shared fixtures for the parse engine tests."""

from __future__ import annotations

import pytest

from .builders import table_pdf, two_column_pdf


@pytest.fixture(scope="session")
def two_col() -> bytes:
    return two_column_pdf()


@pytest.fixture(scope="session")
def tables() -> bytes:
    return table_pdf()
