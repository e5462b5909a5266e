"""Shared fixtures. The repository root is on sys.path through the editable install of `course`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture
def package_copy(tmp_path):
    """A writable copy of data/ (the package and its files) for bad-data tests."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def read_package(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
