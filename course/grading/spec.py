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
from typing import Annotated, Literal

from pydantic import Field, RootModel, ValidationInfo, field_validator, model_validator

from .. import paths
from ..kit import checkformat, yamlfiles
from ..kit.yamlfiles import Strict, Text

KINDS = ("number", "text", "table", "list", "chart", "manual")
EXERCISES = paths.ROOT / "exercises"


class SpecError(ValueError):
    """An assignment file is missing or malformed."""


class Question(Strict):
    """One question of ``assignment.yaml``; a ``manual`` one has the ``points`` and the ``rubric`` an instructor
    grades it by."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text
    kind: Literal[KINDS]  # type: ignore[valid-type]
    prompt: Text
    public: list[checkformat.GradedCheck] = []
    points: float | None = None
    rubric: Text | None = None

    @field_validator("name")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if not value.isidentifier():
            raise ValueError(f"'name' must be the answer's variable name (a Python identifier), not {value!r}")
        return value

    @field_validator("points", mode="before")
    @classmethod
    def _points(cls, value):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0):
            raise ValueError(f"'points' must be a number ≥ 0, not {value!r}")
        return None if value is None else float(value)

    @model_validator(mode="after")
    def _manual(self):
        if self.kind == "manual" and (self.points is None or self.rubric is None):
            raise ValueError("a manual question needs 'points' and a 'rubric' (the instructor grades it by them)")
        return self


class Assignment(Strict):
    """``exercises/<id>/assignment.yaml``."""

    id: Text
    title: Text
    notebook: Annotated[str, Field(pattern=r"\.ipynb$")]
    #: the expected time the student version states (course/grading/workload.py); a test keeps the two equal
    hours: Annotated[float, Field(gt=0, multiple_of=0.5)]
    questions: Annotated[list[Question], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique(self, info: ValidationInfo):
        expected = (info.context or {}).get("assignment")
        if expected is not None and self.id != expected:
            raise ValueError(f"'id' must be {expected!r}, the name of its folder, not {self.id!r}")
        for key in ("id", "name"):
            values = [getattr(q, key) for q in self.questions]
            twice = sorted({v for v in values if values.count(v) > 1})
            if twice:
                raise ValueError(f"question {key}s must be unique: {twice} used more than once")
        return self


class Hidden(RootModel[dict[str, list[checkformat.GradedCheck]]]):
    """``hidden.yaml``: question id → that question's hidden checks."""


LABELS = {"questions": "question", "[root]": "check", **checkformat.LABELS}
FIXES = {"extra_forbidden": "remove it, or check its spelling: the keys are listed in course/grading/spec.py",
         "string_pattern_mismatch": "write a question id like q1, and 'notebook' as the file name (a2.ipynb)"}


def assignment_dir(assignment: str) -> Path:
    """The folder of an assignment, e.g. ``exercises/a2``."""
    return EXERCISES / assignment


def _read(path: Path, model, context: dict | None = None, root: str | None = None) -> dict:
    doc = yamlfiles.read(path, SpecError)
    name = f"{path.parent.name}/{path.name}"
    yamlfiles.validate(model, doc, name, SpecError, labels=LABELS, fixes=FIXES, root=root, context=context)
    return doc


def load(assignment: str, hidden_dir: Path | None = None, *, with_hidden: bool = True) -> dict:
    """Read and validate an assignment (its format: :class:`Assignment`, :class:`Hidden`); attach each question's
    hidden checks unless ``with_hidden`` is False.

    ``hidden_dir`` lets an instructor keep hidden checks outside the repository.
    """
    folder = assignment_dir(assignment)
    doc = _read(folder / "assignment.yaml", Assignment, {"assignment": assignment})
    hidden = _read((hidden_dir or folder) / "hidden.yaml", Hidden, root="question") if with_hidden else {}
    for q in doc["questions"]:
        q.setdefault("public", [])
        q["hidden"] = hidden.get(q["id"], []) if with_hidden else []
    if with_hidden:
        unknown = set(hidden) - {q["id"] for q in doc["questions"]}
        if unknown:
            raise SpecError(f"{assignment}/hidden.yaml: checks for unknown questions {sorted(unknown)}: remove them, "
                            "or add the questions to assignment.yaml.")
    return doc


def max_points(question: dict) -> float:
    """Points available for a question: its checks' points, or its manual points."""
    if question["kind"] == "manual":
        return float(question["points"])
    return float(sum(c.get("points", 0) for c in question["public"] + question["hidden"]))


def assignments() -> list[str]:
    """Ids of the assignments in ``exercises/`` (folders with an assignment.yaml)."""
    return sorted(p.parent.name for p in EXERCISES.glob("*/assignment.yaml"))
