"""How long a lesson takes, computed from its content: the one model behind every stated time.

A lesson's **Time** line (its opening cell, read by :mod:`course.site.frontmatter`) must agree with this estimate,
and the instructor guide's session plans are built from the stated times; ``tests/test_timing.py`` checks both.

The model, per lesson (the rates are the course's assumptions for a first-year undergraduate, stated here once):

- reading: the words of its markdown cells at ``WORDS_PER_MINUTE``;
- code: ``MINUTES_PER_CODE_CELL`` for each code cell a student reads and runs (set-up cells hidden with
  ``hide-input``/``remove-cell`` and collapsed solutions are not counted);
- each "Your turn" challenge: ``MINUTES_PER_CHALLENGE`` (read, write a few lines, check, maybe a hint);
- each explorer: ``MINUTES_PER_EXPLORER`` (the explorer tasks in the prose are counted as reading too);
- each quiz question: ``MINUTES_PER_QUESTION``.

The estimate is rounded up to a multiple of 5 minutes, the unit the page states.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

WORDS_PER_MINUTE = 150
MINUTES_PER_CODE_CELL = 0.5
MINUTES_PER_CHALLENGE = 5
MINUTES_PER_EXPLORER = 4
MINUTES_PER_QUESTION = 1
MAX_LESSON_MINUTES = 90

UNCOUNTED_TAGS = {"hide-input", "remove-cell", "remove-input", "solution", "hide-cell", "challenge-starter"}
EXPLORER_CALL = re.compile(r"\bwidgets\.\w+\(")
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@dataclass(frozen=True)
class Estimate:
    """The parts of a lesson's time, in minutes, and their rounded total."""

    reading: float
    code: float
    challenges: float
    explorers: float
    quiz: float

    @property
    def raw(self) -> float:
        """The sum of the parts, unrounded."""
        return self.reading + self.code + self.challenges + self.explorers + self.quiz

    @property
    def minutes(self) -> int:
        """The total rounded up to a multiple of 5."""
        return 5 * math.ceil(self.raw / 5 - 1e-9)


def _markdown_words(nb) -> int:
    # Link targets and HTML tags are not read; their text is.
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return len(WORD.findall(text))


def _counted_code_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"
            and not UNCOUNTED_TAGS & set(c.get("metadata", {}).get("tags", []))]


def estimate(notebook: Path | nbformat.NotebookNode, challenges: int, questions: int) -> Estimate:
    """A lesson's time from its cells, its number of challenges and of quiz questions."""
    nb = nbformat.read(notebook, as_version=4) if isinstance(notebook, Path) else notebook
    code = _counted_code_cells(nb)
    explorers = sum(1 for c in nb.cells if c.cell_type == "code" and EXPLORER_CALL.search(c.source))
    return Estimate(
        reading=_markdown_words(nb) / WORDS_PER_MINUTE,
        code=len(code) * MINUTES_PER_CODE_CELL,
        challenges=challenges * MINUTES_PER_CHALLENGE,
        explorers=explorers * MINUTES_PER_EXPLORER,
        quiz=questions * MINUTES_PER_QUESTION,
    )
