"""The format of one check, as the challenge files and the assignment specs write it, declared once with pydantic.

A check names a comparison of :data:`course.kit.checks.CHECKS`, the message a student sees when it fails, and the
parameters that comparison reads (``tolerance``, ``min``/``max``, ``words``, ``columns``, ``column``);
``expected`` is an expression over the course data (:func:`course.kit.expressions.evaluate`), required by the
checks that compare with a value. An assignment's checks carry ``points`` as well (:class:`GradedCheck`).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator, model_validator

from . import checks
from .yamlfiles import Strict, Text

COMPARED = ("close", "equals", "same_items", "column_close", "row_count")
"""The checks that compare the answer with ``expected``."""


class Check(Strict):
    """One check of a challenge (no points: a challenge is practice)."""

    check: str
    message: Text
    expected: Text | None = None
    tolerance: Annotated[float, Field(ge=0)] | None = None
    min: float | None = None
    max: float | None = None
    words: Annotated[int, Field(ge=1)] | list[Text] | None = None
    columns: list[Text] | None = None
    column: Text | None = None

    @field_validator("check")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in checks.CHECKS:
            raise ValueError(
                f"'check' must be one of {sorted(checks.CHECKS)} (the comparisons of "
                f"course/kit/checks.py), not {value!r}"
            )
        return value

    @field_validator("tolerance", "min", "max", mode="before")
    @classmethod
    def _a_number(cls, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"must be a number, not {value!r}")
        return float(value)

    @model_validator(mode="after")
    def _expected_when_compared(self):
        if self.check in COMPARED and self.expected is None:
            raise ValueError(
                f"'{self.check}' needs 'expected': add an expression over the course data that computes "
                "the value (e.g. \"data.load('russia_china_trade').value_usd_bn.max()\")"
            )
        if self.check == "column_close" and self.column is None:
            raise ValueError("'column_close' needs 'column', the table column it compares")
        return self


class GradedCheck(Check):
    """One check of an assignment question: a challenge's check plus the ``points`` it is worth (0 or more)."""

    points: float = 0

    @field_validator("points", mode="before")
    @classmethod
    def _points(cls, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ValueError(f"'points' must be a number ≥ 0, not {value!r}")
        return float(value)


FIXES: dict[str, str] = {}
LABELS = {"checks": "check", "public": "check"}
