"""course.site.executed.run: the one way the tools run a lesson outside the book build."""

from __future__ import annotations

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from course.site import executed


def test_a_notebook_the_build_did_not_run_is_executed_as_the_build_would(tmp_path, capsys):
    path = tmp_path / "99_fresh.ipynb"
    cells = [
        nbformat.v4.new_code_cell("from pathlib import Path\nprint(Path.cwd().name)"),
        nbformat.v4.new_code_cell("raise SystemExit('a practice cell')", metadata={"tags": ["skip-execution"]}),
        nbformat.v4.new_code_cell("x = 6 * 7\nx"),
    ]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    nb = executed.run(path)
    assert "not in the book build's cache" in capsys.readouterr().err
    assert nb.cells[0].outputs[0]["text"].strip() == tmp_path.name, "run in the notebook's folder, as the build"
    assert not nb.cells[1].outputs, "a skip-execution cell is left out, as the build leaves it"
    assert nb.cells[2].outputs[0]["data"]["text/plain"] == "42"
    assert executed.problems(nb) == []


def test_a_failing_cell_stops_the_run_as_it_stops_the_build(tmp_path):
    path = tmp_path / "99_broken.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")]), path)
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        executed.run(path)
