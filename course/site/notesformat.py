"""The format of ``book/instructor/notes.yaml``, declared once with pydantic: per lesson ("00", "00b", …) a timing
plan (minutes and activity), misconceptions (what students think and what to say) and one model answer per
"Discuss" prompt. :func:`read` raises :class:`NotesError` naming the file, the lesson, the row and the fix."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, RootModel

from ..kit import yamlfiles
from ..kit.yamlfiles import Strict, Text


class NotesError(ValueError):
    """notes.yaml is missing or malformed."""


Minutes = Annotated[int, Field(strict=True, gt=0)]
# A YAML list of two items is a pair here (strict mode would accept only a Python tuple); its items stay strict.
Step = Annotated[tuple[Minutes, Text], Field(strict=False)]
Misconception = Annotated[tuple[Text, Text], Field(strict=False)]


class LessonNotes(Strict):
    """One lesson's notes; the timing adds up to the lesson's time and the answers match its prompts (tests check)."""

    timing: Annotated[list[Step], Field(min_length=1)]
    misconceptions: Annotated[list[Misconception], Field(min_length=1)]
    discussion: list[Text]


LessonId = Annotated[str, Field(pattern=r"^\d\d[a-z]?$")]


class Notes(RootModel[dict[LessonId, LessonNotes]]):
    """The whole file: lesson id → its notes."""


LABELS = {"timing": "timing row", "misconceptions": "misconception", "discussion": "model answer"}
FIXES = {
    "extra_forbidden": "remove it, or check its spelling: a lesson has timing, misconceptions and discussion",
    "tuple_type": 'write a pair in brackets: [minutes, "activity"] or ["misconception", "what to say"]',
    "too_long": 'write a pair in brackets: [minutes, "activity"] or ["misconception", "what to say"]',
    "string_pattern_mismatch": 'write the lesson id in quotes, e.g. "03" or "00b"',
    "int_type": "write the minutes as a whole number",
}


def read(path: Path) -> dict:
    """The notes in ``path``, checked against :class:`Notes`, as plain mappings keyed by lesson id."""
    doc = yamlfiles.read(path, NotesError, "create it with one entry per lesson (see course/site/notesformat.py).")
    yamlfiles.validate(
        Notes, {str(k): v for k, v in doc.items()}, path.name, NotesError, labels=LABELS, fixes=FIXES, root="lesson"
    )
    return doc
