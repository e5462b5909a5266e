"""How long an assignment takes, computed from its notebook and questions: the hours the released notebook and the
site's *Assignments* page state.

The model (a first-year undergraduate's pace, as for the lessons in ``course/site/timing.py``):

- reading the notebook's text at ``WORDS_PER_MINUTE`` (the lessons' rate; a test keeps the two equal);
- each computed answer (a number, a list, a table or a chart): ``MINUTES_PER_COMPUTED`` — longer than a lesson's
  five-minute challenge, because an assignment question takes several steps with no worked example just above it;
- each written answer: ``MINUTES_TO_PLAN`` to gather its figures, then its longest allowed length ("In 80–150
  words") at ``WORDS_WRITTEN_PER_MINUTE`` (drafting and revising).

The total is rounded up to a half hour.
"""

from __future__ import annotations

import math
import re

import nbformat

WORDS_PER_MINUTE = 150
MINUTES_PER_COMPUTED = 20
MINUTES_TO_PLAN = 10
WORDS_WRITTEN_PER_MINUTE = 10
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
LENGTH = re.compile(r"(\d+)\s*[–-]\s*(\d+) words")


def written_words(prompt: str) -> int:
    """The longest answer a written question allows ("In 80–150 words" gives 150); 150 if it states none."""
    found = LENGTH.search(prompt)
    return int(found.group(2)) if found else 150


def minutes(notebook: nbformat.NotebookNode, questions: list[dict]) -> float:
    """An assignment's minutes, unrounded, from its notebook's text and its questions (``assignment.yaml``)."""
    words = sum(len(WORD.findall(c.source)) for c in notebook.cells if c.cell_type == "markdown")
    computed = sum(1 for q in questions if q["kind"] != "manual")
    written = [q for q in questions if q["kind"] == "manual"]
    return (
        words / WORDS_PER_MINUTE
        + computed * MINUTES_PER_COMPUTED
        + sum(MINUTES_TO_PLAN + written_words(q["prompt"]) / WORDS_WRITTEN_PER_MINUTE for q in written)
    )


def hours(notebook: nbformat.NotebookNode, questions: list[dict]) -> float:
    """The stated time: :func:`minutes` in hours, rounded up to a half hour."""
    return math.ceil(minutes(notebook, questions) / 30 - 1e-9) / 2


def hours_text(value: float) -> str:
    """``2.0`` as "about 2 hours", ``1.5`` as "about 1½ hours"."""
    whole, half = int(value), value % 1 == 0.5
    number = (str(whole) if whole else "") + ("½" if half else "")
    return f"about {number} hour{'' if value == 1 else 's'}"
