"""A late policy: a due date, a penalty per day late or free late days, and per-student extensions.

The policy is a YAML file the instructor passes with ``--late-policy`` (``LATE=...`` with make)::

    due: 2027-03-01T23:59:00+05:30      # date, time and UTC offset
    penalty_per_day: 10                 # percent of the automatic total per day late (optional)
    late_days: 2                        # days late without penalty (optional, default 0)
    max_penalty: 100                    # the penalty never exceeds this percent (optional, default 100)
    grace_minutes: 5                    # lateness under this is not counted (optional, default 0)
    extensions:                         # per student id (the gradebook's `student` column)
      Asha_Rao: 2027-03-04T23:59:00+05:30   # a new due date,
      Wei_Zhang: 3                          # or extra days
    submitted:                          # optional: when each student submitted, if the files' times are wrong
      Ivan_Petrov: 2027-03-02T08:10:00+03:00

A day late is any started 24 hours after the (extended) due date. Days beyond ``late_days`` cost
``penalty_per_day`` percent each; without ``penalty_per_day`` they cost ``max_penalty`` (late work not
accepted). When a student submitted is ``submitted[student]`` if given, else the file's modification time
(keep it when copying submissions: ``unzip`` and ``cp -p`` do).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, UTC
from pathlib import Path

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..kit import yamlfiles


class LatePolicyError(ValueError):
    """The late-policy file cannot be used; the message says what to fix."""


class Policy(BaseModel):
    """The late-policy file, validated."""

    model_config = ConfigDict(extra="forbid")

    due: AwareDatetime
    penalty_per_day: float | None = Field(None, ge=0, le=100)
    late_days: int = Field(0, ge=0)
    max_penalty: float = Field(100, ge=0, le=100)
    grace_minutes: float = Field(0, ge=0)
    extensions: dict[str, AwareDatetime | int] = {}
    submitted: dict[str, AwareDatetime] = {}

    @field_validator("extensions", "submitted", mode="before")
    @classmethod
    def _ids_as_text(cls, value):
        # YAML reads an id such as 20231234 as a number; ids are compared as the gradebook shows them.
        return {str(k): v for k, v in value.items()} if isinstance(value, dict) else value

    @field_validator("extensions")
    @classmethod
    def _days_not_negative(cls, value):
        bad = [k for k, v in value.items() if isinstance(v, int) and v < 0]
        if bad:
            raise ValueError(f"extra days must be 0 or more (see {', '.join(bad)})")
        return value

    def unknown(self, students: list[str]) -> list[str]:
        """Ids the policy names (extensions, submission times) that no submission has: typos, or students
        who have not handed in yet."""
        return sorted((set(self.extensions) | set(self.submitted)) - set(students))

    def due_for(self, student: str) -> datetime:
        """The due date for ``student``, with their extension if any."""
        extension = self.extensions.get(student)
        if extension is None:
            return self.due
        if isinstance(extension, int):
            return self.due + timedelta(days=extension)
        return extension


@dataclass(frozen=True)
class Lateness:
    """How late one submission was and what it costs."""

    submitted: datetime
    due: datetime
    extended: bool
    days_late: int
    penalty: float  # percent of the total

    def apply(self, total: float) -> float:
        """``total`` after the penalty."""
        return round(total * (1 - self.penalty / 100), 3)

    def describe(self) -> str:
        """One line for the feedback: when it was due and handed in, and the penalty."""
        when = (f"submitted {self.submitted.isoformat(timespec='minutes')}, due "
                f"{self.due.isoformat(timespec='minutes')}" + (" (with your extension)" if self.extended else ""))
        if not self.days_late:
            return f"{when}: on time"
        days = f"{self.days_late} day{'s' if self.days_late != 1 else ''} late"
        return f"{when}: {days}, late penalty {self.penalty:g}%"


def load(path: Path) -> Policy:
    """The policy in ``path``; raises LatePolicyError saying what to fix."""
    raw = yamlfiles.read(Path(path), LatePolicyError, "pass the late-policy file (see the Grading page)")
    try:
        return Policy.model_validate(raw)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}" for e in err.errors())
        raise LatePolicyError(f"{Path(path).name}: {problems} (dates need a time and a UTC offset, "
                              "e.g. 2027-03-01T23:59:00+05:30)") from None


def assess(policy: Policy, student: str, submitted: datetime) -> Lateness:
    """Lateness of ``student``'s submission handed in at ``submitted`` (``policy.submitted`` wins if given)."""
    submitted = policy.submitted.get(student, submitted)
    due = policy.due_for(student)
    late_by = submitted - due
    if late_by <= timedelta(minutes=policy.grace_minutes) or late_by <= timedelta(0):
        days = 0
    else:
        days = math.ceil(late_by / timedelta(days=1))
    excess = max(0, days - policy.late_days)
    if not excess:
        penalty = 0.0
    elif policy.penalty_per_day is None:
        penalty = policy.max_penalty
    else:
        penalty = min(policy.max_penalty, excess * policy.penalty_per_day)
    return Lateness(submitted, due, student in policy.extensions, days, round(penalty, 3))


def file_time(path: Path) -> datetime:
    """A file's modification time, in UTC."""
    return datetime.fromtimestamp(Path(path).stat().st_mtime, tz=UTC)
