"""The format of the challenge files (``exercises/challenges/NN.yaml``), declared once with pydantic.

The format itself is documented in :mod:`course.kit.challenges`; :func:`validate` raises
:class:`~course.kit.challenges.ChallengeError` naming the file, the challenge (number and id), the key and the fix.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator, model_validator

from . import checkformat, yamlfiles
from .yamlfiles import Strict, Text

LESSON_PATTERN = r"^\d\d[a-z]?$"


class Challenge(Strict):
    """One "Your turn" challenge: its id ``NN.k``, the answer's variable, a title, a hint ladder, checks and the
    message shown when they all pass."""

    id: Annotated[str, Field(pattern=r"^\d\d[a-z]?\.\d+$")]
    name: Text
    title: Text
    hint: Annotated[list[Text], Field(min_length=2)]
    checks: Annotated[list[checkformat.Check], Field(min_length=1)]
    success: Text

    @field_validator("name")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if not value.isidentifier():
            raise ValueError(f"'name' must be the answer's variable name (a Python identifier), not {value!r}")
        return value

    @field_validator("hint", mode="before")
    @classmethod
    def _ladder(cls, value):
        if not isinstance(value, list) or len(value) < 2:
            raise ValueError("'hint' must be a list of at least 2 steps: a nudge in words first, then the idiom")
        return value


class ChallengeFile(Strict):
    """One lesson's challenge file."""

    lesson: Annotated[str, Field(pattern=LESSON_PATTERN)]
    challenges: Annotated[list[Challenge], Field(min_length=1)]

    @model_validator(mode="after")
    def _ids_of_the_lesson(self, info: ValidationInfo):
        seen = set()
        expected = (info.context or {}).get("lesson")
        if expected is not None and self.lesson != expected:
            raise ValueError(f"'lesson' is {self.lesson!r} in the file of lesson {expected!r}: make them agree")
        for i, ch in enumerate(self.challenges, 1):
            if not ch.id.startswith(f"{self.lesson}."):
                raise ValueError(
                    f"challenge {i}: 'id' must look like \"{self.lesson}.{i}\" (the lesson, a dot, a "
                    f"number), not {ch.id!r}"
                )
            if ch.id in seen:
                raise ValueError(
                    f"challenge {i}: id {ch.id!r} is used twice; ids must be unique (and never reused: "
                    "students' marks are kept under them)"
                )
            seen.add(ch.id)
        return self


FIXES = {
    **checkformat.FIXES,
    "extra_forbidden": "remove it, or check its spelling: the keys are listed in course/kit/challenges.py",
    "string_pattern_mismatch": "write the lesson as its file's id in quotes (e.g. '03' or '00b') and a "
    'challenge id as the lesson, a dot and a number in quotes (e.g. "03.1")',
}
LABELS = {"challenges": "challenge", "hint": "hint step", **checkformat.LABELS}


def validate(doc, name: str, error: type[Exception], lesson: str | None = None) -> ChallengeFile:
    """The parsed challenge file as a :class:`ChallengeFile`; raise ``error`` listing every problem with its place
    and fix (``lesson``, when given, is the lesson the file belongs to)."""
    return yamlfiles.validate(ChallengeFile, doc, name, error, labels=LABELS, fixes=FIXES, context={"lesson": lesson})
