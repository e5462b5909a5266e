"""The lessons as the book build executed them, so nothing after the build runs a lesson again.

``make book`` executes each lesson once and keeps the run in Jupyter Book's cache (jupyter-cache, in
``_build/.jupyter_cache``), keyed on the notebook's code. The instructor edition reuses it (see
:mod:`course.site.instructor`), the slides take their outputs from it (:mod:`course.site.slides`), and in
``make test`` the notebook check reads it instead of running the lesson a second time (``tests/conftest.py``).
A run is only taken for the exact source it was made from; anything else is executed afresh.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from .. import paths

CACHE = paths.ROOT / "_build" / ".jupyter_cache"


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
