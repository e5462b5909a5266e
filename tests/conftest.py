"""Shared fixtures. The repository root is on sys.path through the editable install of `course`."""

from __future__ import annotations

import shutil

import pytest

from support import ROOT


@pytest.fixture
def package_copy(tmp_path):
    """A writable copy of data/ (the package and its files) for bad-data tests."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target
