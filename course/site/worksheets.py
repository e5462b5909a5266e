"""Student worksheets: each lesson without its challenge solutions, to hand out or download.

A lesson notebook holds every "Your turn" challenge's solution in a code cell tagged ``solution``. The
worksheet drops those cells, keeps the starter cells (``growth_2021 = ...  # your code here``) and the
checks, and clears all outputs. The student site serves the worksheet as the lesson's download (see
:mod:`course.site.sphinx_site`), so the ⬇ button gives students a notebook without the solutions. The lessons
are those of the students' repository (:mod:`course.site.student_repo`), so a download and a hub launch give the
same lesson.

    python -m course.site.worksheets [--out _build/worksheets]     # or: make worksheets
"""

from __future__ import annotations

import argparse
import copy
from pathlib import Path

import nbformat

from .. import paths
from ..kit import challenges
from ..kit.challenges import TAGS
from . import hintcells, student_repo

OUT = paths.ROOT / "_build" / "worksheets"


def is_solution(cell) -> bool:
    """True for a challenge's solution cell."""
    return TAGS["solution"] in cell.get("metadata", {}).get("tags", [])


def worksheet(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of a lesson notebook with the solution cells removed, every output cleared, and the hint cells
    written from the challenge files (:mod:`course.site.hintcells`)."""
    sheet = copy.deepcopy(nb)
    sheet.cells = [c for c in sheet.cells if not is_solution(c)]
    for index, challenge_id in hintcells.hint_cells(sheet):
        if sheet.cells[index].cell_type == "markdown":
            sheet.cells[index].source = challenges.hint_cell(challenges.find(challenge_id))
    for cell in sheet.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return sheet


def solution_lines(nb: nbformat.NotebookNode) -> list[str]:
    """The lines of a lesson's solution cells that appear in no other cell: what a leak of a solution would show
    (a line such as ``check("03.1", first_200)`` is also in the student's check cell, so it is not one of them)."""
    elsewhere = {line.strip() for c in nb.cells if not is_solution(c) for line in c.source.splitlines()}
    return [line.strip() for c in nb.cells if is_solution(c) for line in c.source.splitlines()
            if line.strip() and line.strip() not in elsewhere]


def lessons() -> list[Path]:
    """The lesson notebooks (``notebooks/NN_*.ipynb`` and ``NNb_*.ipynb``): the ones the students' repository holds
    (:func:`course.site.student_repo.lessons`, the one list of what students receive)."""
    return student_repo.lessons()


def write(lesson: Path, out_dir: Path) -> Path:
    """Write one lesson's worksheet to ``out_dir/<same name>.ipynb`` and return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / Path(lesson).name
    nbformat.write(worksheet(nbformat.read(lesson, as_version=4)), target)
    return target


def main(argv: list[str] | None = None) -> list[Path]:
    """Write every lesson's worksheet; print where they are."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the worksheets (default: _build/worksheets)")
    args = parser.parse_args(argv)
    written = [write(path, args.out) for path in lessons()]
    print(f"{len(written)} worksheets (lessons without solutions) in {args.out}")
    return written


if __name__ == "__main__":
    main()
