"""Make the student version of an authored assignment notebook.

In the authored notebook (``exercises/<id>/<id>.ipynb``), solution code sits between marker lines and
the student's starting code follows as ``#>`` comments::

    ### BEGIN SOLUTION
    growth_2018 = trade.yearly_growth(turnover).set_index("year").growth_pct[2018]
    ### END SOLUTION
    #> growth_2018 = ...   # your code here

The student version drops everything between the markers, un-comments the ``#>`` lines, removes
cells tagged ``instructor``, and clears all outputs. Hidden checks live in ``hidden.yaml`` and are
never copied.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from . import spec, workload

BEGIN, END, STUB = "### BEGIN SOLUTION", "### END SOLUTION", "#>"


def parse(source: str) -> list[tuple[str, str]]:
    """The release markers' one parser: each line of a cell as ``("student", line)`` (stubs un-commented) or
    ``("solution", line)``; the marker lines themselves are dropped. Raises ValueError on unbalanced markers."""
    lines, inside = [], False
    for line in source.splitlines():
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise ValueError("nested '### BEGIN SOLUTION'")
            inside = True
        elif marker == END:
            if not inside:
                raise ValueError("'### END SOLUTION' without a BEGIN")
            inside = False
        elif inside:
            lines.append(("solution", line))
        else:
            stripped = line.lstrip()
            lines.append(
                (
                    "student",
                    line[: len(line) - len(stripped)] + stripped[2:].lstrip(" ") if stripped.startswith(STUB) else line,
                )
            )
    if inside:
        raise ValueError("'### BEGIN SOLUTION' without an END")
    return lines


def student_source(source: str) -> str:
    """One cell's source with solutions removed and stubs un-commented. Raises ValueError on unbalanced markers."""
    return "\n".join(line for kind, line in parse(source) if kind == "student")


def solution_lines(source: str) -> list[str]:
    """The non-blank lines between the solution markers (for leak tests and the instructor's solutions page)."""
    return [line.strip() for kind, line in parse(source) if kind == "solution" and line.strip()]


def authored(assignment: str) -> nbformat.NotebookNode:
    """The authored notebook (with solutions)."""
    doc = spec.load(assignment, with_hidden=False)
    return nbformat.read(spec.assignment_dir(assignment) / doc["notebook"], as_version=4)


def student_notebook(assignment: str) -> nbformat.NotebookNode:
    """The student version of an assignment, in memory, with its expected time under the title."""
    nb = _without_solutions(assignment)
    _state_time(nb, spec.load(assignment, with_hidden=False)["questions"])
    return nb


def expected_hours(assignment: str) -> float:
    """The hours the student version states (:mod:`.workload`, on the text a student receives)."""
    return workload.hours(_without_solutions(assignment), spec.load(assignment, with_hidden=False)["questions"])


def _without_solutions(assignment: str) -> nbformat.NotebookNode:
    nb = authored(assignment)
    cells = []
    for index, cell in enumerate(nb.cells):
        if "instructor" in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            try:
                cell.source = student_source(cell.source)
            except ValueError as err:
                raise ValueError(f"{assignment}, cell {index}: {err}") from None
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    nb.cells = cells
    return nb


def time_line(nb: nbformat.NotebookNode, questions: list[dict]) -> str:
    """The line the student version states under its title: the expected time (:mod:`.workload`)."""
    computed = sum(1 for q in questions if q["kind"] != "manual")
    return (
        f"**Expected time:** {workload.hours_text(workload.hours(nb, questions))} (reading, {computed} answers to "
        f"compute and {len(questions) - computed} to write; take the time you need)."
    )


def _state_time(nb: nbformat.NotebookNode, questions: list[dict]) -> None:
    first = next(c for c in nb.cells if c.cell_type == "markdown")
    title, _, rest = first.source.partition("\n")
    first.source = f"{title}\n\n{time_line(nb, questions)}\n{rest}"


def release(assignment: str, out_dir: Path) -> Path:
    """Write the student version to ``out_dir/<assignment>.ipynb`` and return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{assignment}.ipynb"
    nbformat.write(student_notebook(assignment), target)
    return target
