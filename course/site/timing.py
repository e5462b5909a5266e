"""How long a lesson takes, computed from its content: the one model behind every stated time.

A lesson's **Time** line (its opening cell, read by :mod:`course.site.frontmatter`) must agree with this estimate,
and the instructor guide's session plans are built from the stated times; ``tests/test_timing.py`` checks both.

The model, per lesson (the rates are the course's assumptions for a first-year undergraduate, stated here once):

- reading: the words of its markdown cells at ``WORDS_PER_MINUTE``, except the sections named in
  ``UNTIMED_SECTIONS`` (a list of sources is consulted, not read through; a "Going further" section is optional and
  says so on the page);
- code: ``MINUTES_PER_CODE_CELL`` for each code cell a student reads and runs (set-up cells hidden with
  ``hide-input``/``remove-cell`` and collapsed solutions are not counted);
- each "Your turn" challenge: ``MINUTES_PER_CHALLENGE`` (read, write a few lines, check, maybe a hint), so its
  prompt, its hint ladder and its ``check(...)`` cell are not counted again as reading or code;
- each explorer: ``MINUTES_PER_EXPLORER`` (the explorer tasks in the prose are counted as reading too); the
  evidence board (``explorers.ach_board``), where a student rates every item against three readings, is
  ``MINUTES_PER_BOARD``;
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
MINUTES_PER_BOARD = 15  # about 30 evidence items rated against three readings, half a minute an item
MINUTES_PER_QUESTION = 1
MAX_LESSON_MINUTES = 90

# Level-2 headings whose sections are not in the time (matched at the start of the heading's text).
UNTIMED_SECTIONS = ("Sources and further reading", "Going further")
UNCOUNTED_TAGS = {"hide-input", "remove-cell", "remove-input", "solution", "hide-cell", "challenge-starter"}
EXPLORER_CALL = re.compile(r"\bexplorers\.\w+\(")
BOARD_CALL = re.compile(r"\bexplorers\.ach_board\(")
HINT_START = (":::{dropdown} Hint", "::::{dropdown} Hint")
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


def timed_cells(nb) -> list:
    """The cells inside the lesson's time: all but those of its ``UNTIMED_SECTIONS``."""
    kept, timed = [], True
    for cell in nb.cells:
        heading = re.search(r"^## (.+)$", cell.source, re.M) if cell.cell_type == "markdown" else None
        if heading:
            timed = not heading.group(1).strip().startswith(UNTIMED_SECTIONS)
        if timed:
            kept.append(cell)
    return kept


def _challenge_part(cell) -> bool:
    """A challenge's prompt, hint ladder or check cell: inside the challenge's own minutes."""
    if cell.cell_type == "markdown":
        return "challenge" in cell.get("metadata", {}).get("tags", []) or cell.source.lstrip().startswith(HINT_START)
    return cell.source.lstrip().startswith("check(")


def _markdown_words(cells) -> int:
    """Words a student reads: link targets and HTML tags are not read, their text is (cell by cell, so a stray
    ``<`` in one cell cannot swallow the next)."""
    total = 0
    for cell in cells:
        if cell.cell_type == "markdown":
            text = re.sub(r"\]\([^)]*\)", "]", cell.source)
            total += len(WORD.findall(re.sub(r"<[^<>\n]+>", " ", text)))
    return total


def _counted_code_cells(cells) -> list:
    return [
        c for c in cells if c.cell_type == "code" and not UNCOUNTED_TAGS & set(c.get("metadata", {}).get("tags", []))
    ]


def estimate(notebook: Path | nbformat.NotebookNode, challenges: int, questions: int) -> Estimate:
    """A lesson's time from its cells, its number of challenges and of quiz questions."""
    nb = nbformat.read(notebook, as_version=4) if isinstance(notebook, Path) else notebook
    cells = [c for c in timed_cells(nb) if not _challenge_part(c)]
    code = _counted_code_cells(cells)
    calls = [c.source for c in cells if c.cell_type == "code" and EXPLORER_CALL.search(c.source)]
    boards = sum(1 for source in calls if BOARD_CALL.search(source))
    return Estimate(
        reading=_markdown_words(cells) / WORDS_PER_MINUTE,
        code=len(code) * MINUTES_PER_CODE_CELL,
        challenges=challenges * MINUTES_PER_CHALLENGE,
        explorers=(len(calls) - boards) * MINUTES_PER_EXPLORER + boards * MINUTES_PER_BOARD,
        quiz=questions * MINUTES_PER_QUESTION,
    )


def section_minutes(notebook: Path | nbformat.NotebookNode, number: int) -> float:
    """The unrounded minutes of a lesson's section ``## <number>. …`` (its reading, code and challenges), for a
    session plan that sets part of a lesson as reading before the class."""
    nb = nbformat.read(notebook, as_version=4) if isinstance(notebook, Path) else notebook
    inside, cells = False, []
    for cell in nb.cells:
        heading = re.search(r"^## (.+)$", cell.source, re.M) if cell.cell_type == "markdown" else None
        if heading:
            inside = heading.group(1).startswith(f"{number}. ")
        if inside:
            cells.append(cell)
    if not cells:
        raise ValueError(f"no section '## {number}. …' in the lesson")
    prompts = sum(
        1 for c in cells if c.cell_type == "markdown" and "challenge" in c.get("metadata", {}).get("tags", [])
    )
    counted = [c for c in cells if not _challenge_part(c)]
    return (
        _markdown_words(counted) / WORDS_PER_MINUTE
        + len(_counted_code_cells(counted)) * MINUTES_PER_CODE_CELL
        + prompts * MINUTES_PER_CHALLENGE
    )
