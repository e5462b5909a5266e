"""The class's results as files instructors use: ``gradebook.csv``, a Canvas-importable CSV and
Gradescope-style ``results.json`` files. Every file is written atomically (temporary file + rename).

Text a submission controls (its error messages, its file name) can reach these files; a cell that starts
with ``=``, ``+``, ``-``, ``@`` or a tab is prefixed with ``'`` so that a spreadsheet shows it instead of
running it as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from .records import Result

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def cell(value):
    """A CSV cell that a spreadsheet will not evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv(columns: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows({k: cell(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def gradebook_rows(doc: dict, results: list[Result]) -> list[dict]:
    """One row per submission: totals, points per question ("to grade" for manual ones), status, isolation, reason."""
    rows = []
    for r in sorted(results, key=lambda r: r.student):
        row = {"student": r.student, "file": r.file, "status": r.status, "total": r.total, "max_auto": r.max_auto,
               "public_passed": r.public_passed}
        for q in r.questions:
            row[q.id] = "to grade" if q.manual else q.points
        row.update({"isolation": r.isolation, "seconds": r.seconds, "reason": r.reason})
        rows.append(row)
    return rows


def gradebook_columns(doc: dict) -> list[str]:
    """The gradebook's columns, in order."""
    return (["student", "file", "status", "total", "max_auto", "public_passed"] + [q["id"] for q in doc["questions"]]
            + ["isolation", "seconds", "reason"])


def write_gradebook(doc: dict, results: list[Result], path: Path) -> None:
    """Write gradebook.csv."""
    atomic_write(path, _csv(gradebook_columns(doc), gradebook_rows(doc, results)))


def write_canvas(doc: dict, results: list[Result], path: Path) -> None:
    """A CSV for Canvas's gradebook import (Grades > Import): the automatic total in a column named after the
    assignment, under Canvas's "Points Possible" row. Students are matched on "SIS User ID", so name
    submission files by the students' SIS ids; the written answers are added by hand in Canvas."""
    title = str(doc["title"])
    columns = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", title]
    maximum = sum(r.max_auto for r in results[:1]) if results else ""
    rows = [{"Student": "Points Possible", "ID": "", "SIS User ID": "", "SIS Login ID": "", "Section": "", title: maximum}]
    for r in sorted(results, key=lambda r: r.student):
        rows.append({"Student": r.student, "ID": "", "SIS User ID": r.student, "SIS Login ID": "", "Section": "",
                     title: r.total})
    atomic_write(path, _csv(columns, rows))


def gradescope_results(result: Result) -> dict:
    """One submission in Gradescope's autograder format (``results.json``: score, tests, output)."""
    tests = []
    for number, q in enumerate(result.questions, 1):
        if q.manual:
            continue
        output = "\n".join(q.messages) or "All checks passed."
        tests.append({"name": q.id, "number": str(number), "score": q.points, "max_score": q.max,
                      "status": "passed" if q.points == q.max else "failed", "output": output, "visibility": "visible"})
    summary = (f"Status: {result.status}" + (f" ({result.reason})" if result.reason else "")
               + f"\nPublic checks passed: {result.public_passed} of {len(tests)} questions.")
    return {"score": result.total, "execution_time": result.seconds, "output": summary, "visibility": "visible",
            "stdout_visibility": "hidden", "tests": tests}


def write_gradescope(results: list[Result], folder: Path) -> None:
    """``folder/<student>/results.json`` for every submission."""
    for r in results:
        atomic_write(Path(folder) / r.student / "results.json", json.dumps(gradescope_results(r), indent=1))
