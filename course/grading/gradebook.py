"""The class's results as files instructors use: ``gradebook.csv``, Canvas and Moodle CSVs for import,
Gradescope ``results.json`` files and each student's feedback. Every file is written atomically (temporary
file + rename).

Text a submission controls (its file name, its error messages) reaches these files only through
:mod:`.untrusted`: one line, valid text, bounded, and defused for the format (no formula in a CSV cell, no
HTML or link in Markdown). With a late policy (:mod:`.late`) the exports carry the total after the penalty.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Literal

from pydantic import model_validator

from ..kit.yamlfiles import Strict
from . import feedback, untrusted
from .records import Result
from .submissions import Submission

CELL_LIMIT = untrusted.LIMITS["reason"]
# Gradescope's results.json (spec: gradescope/autograder_samples, docs/specs.md): all text is plain text.
GRADESCOPE_FORMATS = {"output_format": "text", "test_output_format": "text", "test_name_format": "text"}


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


def _csv(columns: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writerow({c: untrusted.csv_cell(c, CELL_LIMIT) for c in columns})
    writer.writerows({k: untrusted.csv_cell(v, CELL_LIMIT) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


Lateness = dict  # student id -> late.Lateness (empty without a late policy)


def final_total(result: Result, lateness: Lateness) -> float:
    """The automatic total after any late penalty: what the LMS exports carry."""
    found = lateness.get(result.student)
    return found.apply(result.total) if found else result.total


def gradebook_rows(doc: dict, results: list[Result], lateness: Lateness | None = None) -> list[dict]:
    """One row per submission: totals, points per question ("to grade" for manual ones), status, isolation,
    reason; with a late policy also when it was submitted and due, days late, the penalty and the final total."""
    rows = []
    for r in sorted(results, key=lambda r: r.student):
        row = {"student": r.student, "file": r.file, "status": r.status, "total": r.total, "max_auto": r.max_auto,
               "public_passed": r.public_passed}
        found = (lateness or {}).get(r.student)
        if found:
            row.update({"submitted": found.submitted.isoformat(timespec="minutes"),
                        "due": found.due.isoformat(timespec="minutes"), "days_late": found.days_late,
                        "late_penalty_pct": found.penalty, "final_total": found.apply(r.total)})
        for q in r.questions:
            row[q.id] = "to grade" if q.manual else q.points
        row.update({"isolation": r.isolation, "seconds": r.seconds, "reason": r.reason})
        rows.append(row)
    return rows


LATE_COLUMNS = ["submitted", "due", "days_late", "late_penalty_pct", "final_total"]


def gradebook_columns(doc: dict, with_late: bool = False) -> list[str]:
    """The gradebook's columns, in order (the late-policy columns only when a policy is applied)."""
    return (["student", "file", "status", "total", "max_auto", "public_passed"] + (LATE_COLUMNS if with_late else [])
            + [q["id"] for q in doc["questions"]] + ["isolation", "seconds", "reason"])


def write_gradebook(doc: dict, results: list[Result], path: Path, lateness: Lateness | None = None) -> None:
    """Write gradebook.csv."""
    atomic_write(path, _csv(gradebook_columns(doc, bool(lateness)), gradebook_rows(doc, results, lateness)))


def write_canvas(doc: dict, results: list[Result], path: Path, lateness: Lateness | None = None) -> None:
    """A CSV for Canvas's gradebook import (Grades > Import): the automatic total in a column named after the
    assignment, under Canvas's "Points Possible" row. Students are matched on "SIS User ID", so name
    submission files by the students' SIS ids; the written answers are added by hand in Canvas."""
    title = str(doc["title"])
    columns = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", title]
    maximum = sum(r.max_auto for r in results[:1]) if results else ""
    rows = [{"Student": "Points Possible", "ID": "", "SIS User ID": "", "SIS Login ID": "", "Section": "", title: maximum}]
    for r in sorted(results, key=lambda r: r.student):
        rows.append({"Student": r.student, "ID": "", "SIS User ID": r.student, "SIS Login ID": "", "Section": "",
                     title: final_total(r, lateness or {})})
    atomic_write(path, _csv(columns, rows))


def moodle_columns(doc: dict) -> list[str]:
    """moodle.csv's columns: the user's ID number, the assignment's points, a short feedback text."""
    return ["ID number", str(doc["title"]), "Feedback"]


def write_moodle(doc: dict, results: list[Result], path: Path, lateness: Lateness | None = None) -> None:
    """A CSV for Moodle's gradebook import (Grades > Import > CSV file): one row per student, matched on the
    user's "ID number" (the student id: name submission files by the students' Moodle ID numbers), the
    automatic total (after any late penalty) in a column named after the assignment, and a one-line
    "Feedback" (status, public checks, late penalty) that can be mapped to the grade item's feedback."""
    title = str(doc["title"])
    rows = []
    for r in sorted(results, key=lambda r: r.student):
        note = f"{r.status}; public checks passed: {r.public_passed}; automatic points {r.total:g} of {r.max_auto:g}"
        found = (lateness or {}).get(r.student)
        if found and found.days_late:
            note += f"; {found.days_late} days late, penalty {found.penalty:g}%"
        rows.append({"ID number": r.student, title: final_total(r, lateness or {}), "Feedback": note})
    atomic_write(path, _csv(moodle_columns(doc), rows))


# --- Gradescope's results.json, as its specification (gradescope/autograder_samples, docs/specs.md) states it -----
Visibility = Literal["hidden", "after_due_date", "after_published", "visible"]
TextFormat = Literal["text", "html", "simple_format", "md", "ansi"]


class GradescopeTest(Strict):
    """One test case of ``results.json``."""

    score: float | None = None
    max_score: float | None = None
    status: Literal["passed", "failed"] | None = None
    name: str | None = None
    name_format: TextFormat | None = None
    number: str | None = None
    output: str | None = None
    output_format: TextFormat | None = None
    tags: list[str] | None = None
    visibility: Visibility | None = None
    extra_data: dict | None = None


class GradescopeLeaderboardEntry(Strict):
    """One leaderboard value of ``results.json``."""

    name: str
    value: float | str
    order: Literal["asc", "desc"] | None = None


class GradescopeResults(Strict):
    """The whole of ``results.json``: what Gradescope reads from ``/autograder/results/`` after each run."""

    score: float | None = None
    execution_time: float | None = None
    output: str | None = None
    output_format: TextFormat | None = None
    test_output_format: TextFormat | None = None
    test_name_format: TextFormat | None = None
    visibility: Visibility | None = None
    stdout_visibility: Visibility | None = None
    extra_data: dict | None = None
    tests: list[GradescopeTest] | None = None
    leaderboard: list[GradescopeLeaderboardEntry] | None = None

    @model_validator(mode="after")
    def _scored(self):
        if self.score is None and (not self.tests or any(t.score is None for t in self.tests)):
            raise ValueError("a score is required: at the top level, or on every test")
        return self


NOT_RUN = "Not run: see the message above the tests."


def gradescope_results(result: Result, lateness: Lateness | None = None) -> dict:
    """One submission in Gradescope's autograder format (``results.json``: score, tests, output, in plain text;
    the format: :class:`GradescopeResults`)."""
    tests = []
    for number, q in enumerate(result.questions, 1):
        if q.manual:
            continue
        output = "\n".join(untrusted.clean(m, untrusted.LIMITS["message"]) for m in q.messages) or "All checks passed."
        if result.isolation == "none":  # the notebook never ran (unreadable, not graded): nothing to say per question
            output = NOT_RUN
        tests.append({"name": q.id, "number": str(number), "score": q.points, "max_score": q.max,
                      "status": "passed" if q.points == q.max else "failed", "output": output,
                      "output_format": "text", "name_format": "text", "visibility": "visible"})
    reason = untrusted.clean(result.reason, untrusted.LIMITS["reason"])
    summary = (f"Status: {result.status}" + (f" ({reason})" if reason else "")
               + f"\nPublic checks passed: {result.public_passed} of {len(tests)} questions.")
    if result.status == "not graded":
        summary += "\nNothing of the notebook ran, so this 0 is not its score: it will be graded again."
    written = [f"{q.id} (out of {q.max:g})" for q in result.questions if q.manual]
    if written:
        summary += f"\nTo be graded by your instructor, not in this score: {', '.join(written)}."
    found = (lateness or {}).get(result.student)
    if found:
        summary += f"\nLate policy: {found.describe()}; points {result.total:g} before the penalty."
    return {"score": final_total(result, lateness or {}), "execution_time": result.seconds, "output": summary,
            **GRADESCOPE_FORMATS, "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}


def gradescope_error(message: str) -> dict:
    """``results.json`` for a run in which the grader itself failed before any question could be scored: no point,
    and ``message`` (which must hold nothing secret: students see it) as the output."""
    return {"score": 0.0, "execution_time": 0.0, "output": untrusted.clean(message, untrusted.LIMITS["reason"]),
            **GRADESCOPE_FORMATS, "visibility": "visible", "stdout_visibility": "hidden", "tests": []}


def write_gradescope(results: list[Result], folder: Path, lateness: Lateness | None = None) -> None:
    """``folder/<student>/results.json`` for every submission."""
    for r in results:
        atomic_write(Path(folder) / r.student / "results.json", json.dumps(gradescope_results(r, lateness), indent=1))


def write_outputs(doc: dict, results: list[Result], subs: list[Submission], out: Path, policy=None) -> None:
    """Everything a batch writes from its results: feedback/, gradebook.csv, canvas.csv, moodle.csv, gradescope/.

    Written from the results each time (kept ones included), so a changed late policy (a :class:`.late.Policy`)
    reaches every file.
    """
    lateness: Lateness = {}
    if policy is not None:
        from . import late

        for sub in subs:
            try:
                lateness[sub.student] = late.assess(policy, sub.student, late.file_time(sub.path))
            except OSError:  # the file went away since it was graded: only the policy's own time can count
                if sub.student in policy.submitted:
                    lateness[sub.student] = late.assess(policy, sub.student, policy.submitted[sub.student])
    for r in results:
        atomic_write(out / "feedback" / f"{r.student}.md", feedback.feedback_text(doc, r, lateness.get(r.student)))
    remove_stale(out, {r.student for r in results})
    write_gradebook(doc, results, out / "gradebook.csv", lateness)
    write_canvas(doc, results, out / "canvas.csv", lateness)
    write_moodle(doc, results, out / "moodle.csv", lateness)
    write_gradescope(results, out / "gradescope", lateness)


def remove_stale(out: Path, students: set[str]) -> list[Path]:
    """Remove the feedback and Gradescope files of ids that no file in the folder has any more (a file taken
    away, or an id that moved to another file), so nothing stale is handed back or uploaded. results/ stays:
    it is the grader's record, used only for a file that matches it again."""
    removed = []
    for path in sorted((out / "feedback").glob("*.md")):
        if path.stem not in students:
            path.unlink()
            removed.append(path)
    for path in sorted((out / "gradescope").glob("*/results.json")):
        if path.parent.name not in students:
            path.unlink()
            if not any(path.parent.iterdir()):
                path.parent.rmdir()
            removed.append(path)
    return removed
