"""Shared fixtures for the economics tests (bundled data, loaded once per session)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from appraisal.data import BUNDLED_DATA_DIR, load_dataset
from appraisal.economics import load_assumptions


@pytest.fixture(scope="session")
def ds():
    return load_dataset()


@pytest.fixture(scope="session")
def assumptions():
    return load_assumptions()


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A copy of the bundled data folder to break on purpose."""
    for sub in ("criteria", "regions", "assumptions"):
        shutil.copytree(BUNDLED_DATA_DIR / sub, tmp_path / sub)
    return tmp_path
