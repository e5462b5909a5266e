"""Shared fixtures, and the notebook check's one-run rule. The repository root is on sys.path through the
editable install of `course`; shared helpers live in tests/support.py."""

from __future__ import annotations

import shutil

import pytest

from course.site import executed
from support import ROOT


@pytest.fixture
def package_copy(tmp_path):
    """A writable copy of data/ (the package and its files) for bad-data tests."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


class BookRun(pytest.Item):
    """A lesson the book build has already executed: check that run (every code cell ran, none raised) instead
    of running the lesson again with nbval. ``make test`` builds the book first, so each lesson runs once."""

    def __init__(self, *, notebook, **kwargs):
        super().__init__(**kwargs)
        self.notebook = notebook

    def runtest(self):
        nb = executed.from_book_build(self.notebook)
        assert nb is not None, f"{self.notebook.name}: the book build's run disappeared from {executed.CACHE}"
        found = executed.problems(nb)
        assert not found, f"{self.notebook.name} (as the book build ran it): " + "; ".join(found)

    def reportinfo(self):
        return self.path, 0, f"{self.notebook.name}: the book build's run"


# Test files whose checks look at every process on the machine (no sandbox may outlive its batch): under
# pytest-xdist they share one worker, so one file's sandboxes are never taken for another's leftovers.
SERIAL_GROUPS = {"test_grading.py": "grading", "test_grading_attacks.py": "grading",
                 "test_grading_outputs.py": "grading"}

# Files whose tests are spread over the workers one by one: each opens its own pages in a browser (module fixtures,
# the browser and the local server, are then started once on each worker that runs some of them). Kept in one
# group, the site's browser tests alone took about half of the whole suite's time on a single worker.
SPREAD = {"test_browser.py", "test_slides.py"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(session, config, items):
    """Replace nbval's cells of a notebook by one BookRun when the book build ran this exact source (any other
    notebook, with no build yet or edited since, is run by nbval as usual); then put each test in the xdist
    group of its file (``--dist loadgroup``: a notebook's cells and a module's fixtures stay on one worker), except
    the browser files in :data:`SPREAD`, whose tests go to whichever worker is free."""
    by_notebook: dict = {}
    for item in items:
        if item.path.suffix == ".ipynb":
            by_notebook.setdefault(item.path, []).append(item)
    for path, cells in by_notebook.items():
        if executed.from_book_build(path) is None:
            continue
        first = items.index(cells[0])
        for cell in cells:
            items.remove(cell)
        items.insert(first, BookRun.from_parent(cells[0].parent, name="ran-in-book-build", notebook=path))
    for item in items:
        if item.path.name in SPREAD:
            continue
        item.add_marker(pytest.mark.xdist_group(SERIAL_GROUPS.get(item.path.name, str(item.path.relative_to(ROOT)))))
