"""The question-file format of the self-check quizzes (``exercises/quizzes/NN.yaml``), declared once with pydantic.

:func:`validate` checks a parsed file and raises :class:`QuizError` naming the file, the question (number and id),
the key that is wrong and how to fix it. The format itself is documented in :mod:`course.kit.quiz`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from . import yamlfiles

TYPES = ("multiple_choice", "many_choice", "evaluation", "numeric")
LEVELS = ("recall", "apply", "analyse", "evaluate")
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
NAME_PATTERN = r"^[a-z_][a-z0-9_]*$"


class QuizError(ValueError):
    """A question file is missing or malformed."""


Text = yamlfiles.Text
Level = Literal["recall", "apply", "analyse", "evaluate"]


_Strict = yamlfiles.Strict


class Answer(_Strict):
    """One option of a choice question: its text, whether it is right (or, in an evaluation item, defensible), and
    the explanation a student sees on picking it."""

    answer: Text
    correct: bool
    feedback: Text


class _Question(_Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    level: Level
    question: Text
    values: dict[Annotated[str, Field(pattern=NAME_PATTERN)], Text] = {}
    former_texts: list[Text] = []


class ChoiceQuestion(_Question):
    """``multiple_choice`` (exactly one right option) or ``many_choice`` (one or more)."""

    type: Literal["multiple_choice", "many_choice"]
    answers: Annotated[list[Answer], Field(min_length=2)]
    from_data: Text | None = None

    @model_validator(mode="after")
    def _right_options(self):
        right = sum(a.correct for a in self.answers)
        if self.type == "multiple_choice" and right != 1:
            raise ValueError(f"multiple_choice needs exactly one correct answer, found {right}: mark one option "
                             "'correct: true' (or make it 'many_choice')")
        if self.type == "many_choice" and right < 1:
            raise ValueError("many_choice needs at least one correct answer: mark one or more 'correct: true'")
        if self.level == "evaluate":
            raise ValueError("level 'evaluate' belongs to 'type: evaluation' items (two defensible options)")
        return self


class EvaluationQuestion(_Question):
    """A judgement with two (or more) defensible options, each marked ``correct: true`` with feedback that weighs it
    against the other, and at least one option the evidence does not support. A student picks one; either
    defensible one counts as right."""

    type: Literal["evaluation"]
    answers: Annotated[list[Answer], Field(min_length=3)]

    @model_validator(mode="after")
    def _two_defensible(self):
        right = sum(a.correct for a in self.answers)
        if right < 2 or right == len(self.answers):
            raise ValueError(f"an evaluation item needs at least two defensible options ('correct: true') and at least "
                             f"one the evidence does not support, found {right} of {len(self.answers)} marked correct")
        if self.level != "evaluate":
            raise ValueError("an evaluation item has 'level: evaluate'")
        return self


class NumericQuestion(_Question):
    """A number typed in, accepted within ``tolerance`` of the key computed by ``from_data``."""

    type: Literal["numeric"]
    from_data: Text
    answer: float | None = None
    tolerance: Annotated[float, Field(ge=0)]
    feedback_correct: Text
    feedback_wrong: Text

    @field_validator("answer", "tolerance", mode="before")
    @classmethod
    def _a_number(cls, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"must be a number, not {value!r}")
        return float(value)


Question = Annotated[ChoiceQuestion | EvaluationQuestion | NumericQuestion, Field(discriminator="type")]


class QuizFile(_Strict):
    """One lesson's question file."""

    lesson: Annotated[str, Field(pattern=r"^\d\d[a-z]?$")]
    title: Text
    questions: Annotated[list[Question], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_ids(self):
        seen = set()
        for i, q in enumerate(self.questions, 1):
            if q.id in seen:
                raise ValueError(f"question {i}: id {q.id!r} is used twice; ids must be unique in the file (and never "
                                 "reused: students' answers are kept under them)")
            seen.add(q.id)
        return self


# What to do about each kind of error pydantic reports, by its type (the message says what is wrong).
FIXES = {
    "extra_forbidden": "remove it, or check its spelling (allowed keys are listed in course/kit/quiz.py)",
    "union_tag_invalid": f"use one of {', '.join(TYPES)}",
    "union_tag_not_found": f"add 'type:', one of {', '.join(TYPES)}",
    "literal_error": "use one of the values listed",
    "string_pattern_mismatch": "write an id as lower-case words joined by hyphens (e.g. 'nerchinsk-year'), a lesson "
                               "as its file's id in quotes (e.g. '03' or '00b')",
}


def validate(doc, name: str = "question file") -> QuizFile:
    """The parsed question file as a :class:`QuizFile`; raise :class:`QuizError` listing every problem with its
    place and fix."""
    return yamlfiles.validate(QuizFile, doc, name, QuizError, labels={"questions": "question", "answers": "answer"},
                              fixes=FIXES, skip=TYPES)


def read(path, lesson: str) -> QuizFile:
    """Read and validate one question file."""
    doc = yamlfiles.read(path, QuizError, f"create exercises/quizzes/{lesson}.yaml.")
    return validate(doc, path.name)
