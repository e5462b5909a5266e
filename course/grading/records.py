"""Grading results as named records: what one question earned, and what one submission earned.

The same records feed the feedback file, the gradebook, the exports and ``results/<student>.json``
(from which a rerun resumes), so no two places build a row their own way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class QuestionResult:
    """One question of one submission."""

    id: str
    max: float
    manual: bool
    points: float | None = 0.0  # None for a manual question (graded by the instructor)
    messages: list[str] = field(default_factory=list)  # the failed checks' messages, never expected values
    public_passed: bool = False  # every public check passed (what the student saw with check())
    text: str = ""  # a manual question's answer, for the instructor


@dataclass
class Result:
    """One graded file."""

    student: str
    file: str
    status: str  # ok | timeout | crashed | no result | unreadable | not graded | grader error
    reason: str
    isolation: str  # the isolation actually used: bubblewrap | process | none (never ran)
    questions: list[QuestionResult]
    seconds: float = 0.0
    cell_errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        """Automatically graded points."""
        return round(sum(q.points or 0.0 for q in self.questions if not q.manual), 3)

    @property
    def max_auto(self) -> float:
        """Points available automatically."""
        return round(sum(q.max for q in self.questions if not q.manual), 3)

    @property
    def public_passed(self) -> int:
        """How many automatically graded questions pass all their public checks."""
        return sum(1 for q in self.questions if not q.manual and q.public_passed)

    def to_dict(self) -> dict:
        """A JSON-ready dict (``results/<student>.json``)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict) -> "Result":
        """The inverse of :meth:`to_dict`."""
        questions = [QuestionResult(**q) for q in raw.get("questions", [])]
        return cls(**{**raw, "questions": questions})
