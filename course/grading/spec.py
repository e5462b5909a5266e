"""Assignment files: ``exercises/<id>/assignment.yaml`` (public) and ``hidden.yaml`` (grader only).

``assignment.yaml``::

    id: a2
    title: "A2 — Trade, energy and arms in numbers"
    notebook: a2.ipynb              # the authored notebook, with solution cells tagged "solution"
    questions:
      - id: q1
        name: growth_2018           # the variable the student defines; found by name, anywhere
        kind: number                # number | text | table | list | chart | manual
        prompt: "Growth of trade in 2018, in percent"
        public:                     # students run these with check("q1"); they also count at grading
          - {check: is_number, points: 0.5, message: "growth_2018 should be a number"}
      - id: q6
        name: source_note
        kind: manual                # graded by the instructor with the rubric
        points: 4
        rubric: "…"
        public: [{check: min_words, words: 40, points: 0, message: "…"}]

``hidden.yaml`` maps question ids to hidden checks, whose ``expected`` is a Python expression over
the course package (``data``, ``trade``, ``arms``, ``economy``), evaluated in the grader only::

    q1:
      - {check: close, expected: "…", tolerance: 0.1, points: 1.5, message: "…"}
"""

from __future__ import annotations

from pathlib import Path


from .. import paths
from ..kit import yamlfiles
from ..kit import checks

KINDS = ("number", "text", "table", "list", "chart", "manual")
EXERCISES = paths.ROOT / "exercises"


class SpecError(ValueError):
    """An assignment file is missing or malformed."""


def assignment_dir(assignment: str) -> Path:
    """The folder of an assignment, e.g. ``exercises/a2``."""
    return EXERCISES / assignment


def _read(path: Path) -> dict:
    return yamlfiles.read(path, SpecError)


def _check_list(items, where: str) -> None:
    if not isinstance(items, list):
        raise SpecError(f"{where}: checks must be a list.")
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict) or item.get("check") not in checks.CHECKS:
            raise SpecError(f"{where}, check {i}: 'check' must be one of {sorted(checks.CHECKS)}.")
        if not isinstance(item.get("points", 0), (int, float)) or item.get("points", 0) < 0:
            raise SpecError(f"{where}, check {i}: 'points' must be a number ≥ 0.")
        if not str(item.get("message", "")).strip():
            raise SpecError(f"{where}, check {i}: add a 'message' that tells the student what to fix.")


def load(assignment: str, hidden_dir: Path | None = None, *, with_hidden: bool = True) -> dict:
    """Read and validate an assignment; attach each question's hidden checks unless ``with_hidden`` is False.

    ``hidden_dir`` lets an instructor keep hidden checks outside the repository.
    """
    folder = assignment_dir(assignment)
    doc = _read(folder / "assignment.yaml")
    if doc.get("id") != assignment:
        raise SpecError(f"{folder}/assignment.yaml: 'id' must be {assignment!r}.")
    questions = doc.get("questions")
    if not isinstance(questions, list) or not questions:
        raise SpecError(f"{assignment}: needs a non-empty 'questions' list.")
    hidden = _read((hidden_dir or folder) / "hidden.yaml") if with_hidden else {}
    seen_ids, seen_names = set(), set()
    for q in questions:
        where = f"{assignment}/{q.get('id', '?')}"
        for key in ("id", "name", "kind", "prompt"):
            if not str(q.get(key, "")).strip():
                raise SpecError(f"{where}: needs '{key}'.")
        if q["kind"] not in KINDS:
            raise SpecError(f"{where}: 'kind' must be one of {KINDS}.")
        if q["id"] in seen_ids or q["name"] in seen_names:
            raise SpecError(f"{where}: question ids and answer names must be unique.")
        seen_ids.add(q["id"])
        seen_names.add(q["name"])
        q.setdefault("public", [])
        _check_list(q["public"], f"{where} public")
        if q["kind"] == "manual":
            if not isinstance(q.get("points"), (int, float)) or not str(q.get("rubric", "")).strip():
                raise SpecError(f"{where}: a manual question needs 'points' and a 'rubric'.")
        q["hidden"] = hidden.get(q["id"], []) if with_hidden else []
        _check_list(q["hidden"], f"{where} hidden")
    if with_hidden:
        unknown = set(hidden) - seen_ids
        if unknown:
            raise SpecError(f"{assignment}/hidden.yaml: checks for unknown questions {sorted(unknown)}.")
    return doc


def max_points(question: dict) -> float:
    """Points available for a question: its checks' points, or its manual points."""
    if question["kind"] == "manual":
        return float(question["points"])
    return float(sum(c.get("points", 0) for c in question["public"] + question["hidden"]))


def assignments() -> list[str]:
    """Ids of the assignments in ``exercises/`` (folders with an assignment.yaml)."""
    return sorted(p.parent.name for p in EXERCISES.glob("*/assignment.yaml"))
