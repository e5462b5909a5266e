"""The lessons as the book build executed them, so nothing after the build runs a lesson again.

``make book`` executes each lesson once and keeps the run in Jupyter Book's cache (jupyter-cache, in
``_build/.jupyter_cache``), keyed on the notebook's code. The instructor edition reuses it (see
:mod:`course.site.instructor`), the slides take their outputs from it (:mod:`course.site.slides`, through
:func:`run`), and in ``make test`` the notebook check reads it instead of running the lesson a second time
(``tests/conftest.py``). A run is only taken for the exact source it was made from; anything else is executed
afresh by :func:`run`, the way the build executes it (nbclient, in ``notebooks/``, the build's timeout,
``skip-execution`` cells left out).

How a lesson's code is run, and why the ways that remain are not this one:

- the book build (myst-nb and jupyter-cache, nbclient underneath): the run everything else reuses;
- :func:`run`: the build's run, or the same execution when there is none (the slides; the tools);
- nbval, in ``make test-fast`` and for a lesson edited since the build: one test item per cell, so a failure
  names its cell; ``tests/conftest.py`` replaces it with the build's run whenever that run exists;
- the grader's runner (:mod:`course.grading.runner`): untrusted code in a sandbox with no kernel, no network and
  limits, which a Jupyter kernel cannot give;
- ``tests/test_challenges.py``: the lessons run in-process, kernel-less, because the test needs the Python
  values of the solved variables and the worksheet's namespace (a kernel returns only displayed outputs);
- ``tests/test_launch.py`` and ``tests/test_student_repo.py``: ``jupyter nbconvert --execute`` inside the
  students' own environment (the hub image, the student repository), which is what those tests check;
- ``make bench`` (:mod:`course.bench.lessons`): times nbval's run of each lesson, the cost the tests pay.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from .. import paths

CACHE = paths.ROOT / "_build" / ".jupyter_cache"
TIMEOUT = 120  # seconds a cell may take: the book build's (_config.yml, execute.timeout)


def from_book_build(path: Path) -> nbformat.NotebookNode | None:
    """The notebook at ``path`` with the outputs of the book build's run of this exact source, or None."""
    if not (CACHE / "global.db").is_file():  # get_cache would create an empty cache; nothing has run
        return None
    from jupyter_cache import get_cache

    try:
        _, merged = get_cache(str(CACHE)).merge_match_into_notebook(nbformat.read(path, as_version=4))
    except KeyError:
        return None
    return merged


def run(path: Path) -> nbformat.NotebookNode:
    """The lesson at ``path`` with outputs: the book build's run of this exact source if there is one, else a fresh
    run made as the build makes it (said on stderr), which raises ``nbclient``'s ``CellExecutionError`` at the first
    cell that fails, as the build does."""
    nb = from_book_build(path)
    if nb is not None:
        return nb
    import sys

    from nbclient import NotebookClient

    print(f"{path.name}: not in the book build's cache (run `make book` first); executing it", file=sys.stderr)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=TIMEOUT, resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """What is wrong with an executed notebook: code cells that raised, or that never ran."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip() or "skip-execution" in cell.metadata.get("tags", []):
            continue  # skip-execution: a practice cell with blanks, never run by the build (nbclient skips it)
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            found.append(f"cell {index} raised {errors[0].get('ename')}: {errors[0].get('evalue')}")
        elif cell.get("execution_count") is None:
            found.append(f"cell {index} did not run")
    return found
