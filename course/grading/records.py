"""Grading results as named records: what one question earned, and what one submission earned.

The same records feed the feedback file, the gradebook, the exports and ``results/<student>.json``
(from which a rerun resumes), so no two places build a row their own way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from . import untrusted


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

    def __post_init__(self):
        self.messages = [untrusted.clean(m, untrusted.LIMITS["message"]) for m in list(self.messages)[:50]]
        self.text = untrusted.clean(self.text, untrusted.LIMITS["text"], lines=True)


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
    source: str = ""  # resume.source_key of the file graded ("" if it could not be read): what a rerun may keep

    def __post_init__(self):
        # A submission controls the file name, the reason and the cell errors (and, through a forged result,
        # their size): every output gets them valid, one line each and bounded (see untrusted.clean).
        limits = untrusted.LIMITS
        self.file = untrusted.clean(self.file, limits["name"])
        self.reason = untrusted.clean(self.reason, limits["reason"])
        self.cell_errors = [untrusted.clean(e, limits["error"]) for e in list(self.cell_errors)[:50]]

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
    def from_dict(cls, raw: dict) -> Result:
        """The inverse of :meth:`to_dict`."""
        known = {f.name for f in fields(QuestionResult)}
        questions = [QuestionResult(**{k: v for k, v in q.items() if k in known}) for q in raw.get("questions", [])]
        own = {f.name for f in fields(cls)}
        return cls(**{**{k: v for k, v in raw.items() if k in own}, "questions": questions})
