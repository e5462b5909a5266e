"""A lesson's front matter, read from the page itself: its one source.

The first cells of every lesson show the student its title (the H1), time, prerequisites and questions, then
its numbered learning objectives (see ``notebooks/01_nerchinsk_to_alliance.ipynb``). Those cells are the only
copy: the instructor edition and the tests read them here, so what the page says and what the tools use cannot
drift apart. The notebook metadata ``course`` keeps only what the page does not show (``lesson``, ``tables``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

TEMPLATE = ("the lesson's first markdown cell: '# Title', then '**Time:** N minutes · **Prerequisites:** …' and "
            "'**Questions:** …?'; a later cell '## Learning objectives' with a numbered list")


class FrontMatterError(ValueError):
    """A lesson's first cells do not follow the template; the message names the notebook and what to fix."""


@dataclass(frozen=True)
class FrontMatter:
    """What a lesson's opening cells state."""

    title: str
    minutes: int
    prerequisites: str
    questions: tuple[str, ...]
    objectives: tuple[str, ...]


def _one(pattern: str, text: str, what: str, where: str) -> str:
    found = re.findall(pattern, text, flags=re.M)
    if len(found) != 1:
        raise FrontMatterError(f"{where}: expected one {what}, found {len(found)}; the template is {TEMPLATE}")
    return found[0].strip()


def read(notebook: Path | nbformat.NotebookNode, name: str | None = None) -> FrontMatter:
    """The front matter of a lesson (a path, or a notebook already read; ``name`` labels errors)."""
    nb = nbformat.read(notebook, as_version=4) if isinstance(notebook, Path) else notebook
    where = name or (notebook.name if isinstance(notebook, Path) else "lesson")
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    if not markdown:
        raise FrontMatterError(f"{where}: no markdown cell; the template is {TEMPLATE}")
    head = markdown[0]
    minutes = _one(r"^\*\*Time:\*\* (\d+) minutes", head, "'**Time:** N minutes'", where)
    questions = _one(r"^\*\*Questions:\*\* (.+)$", head, "'**Questions:**' line", where)
    block = next((m for m in markdown if m.lstrip().startswith("## Learning objectives")), None)
    if block is None:
        raise FrontMatterError(f"{where}: no '## Learning objectives' cell; the template is {TEMPLATE}")
    objectives = tuple(o.strip() for o in re.findall(r"^\d+\. (.+)$", block, flags=re.M))
    if not objectives:
        raise FrontMatterError(f"{where}: '## Learning objectives' has no numbered list ('1. …')")
    return FrontMatter(
        title=_one(r"^# (\S.*)$", head, "H1 title ('# …')", where),
        minutes=int(minutes),
        prerequisites=_one(r"\*\*Prerequisites:\*\* (.+)$", head, "'**Prerequisites:**'", where),
        questions=tuple(q.strip() for q in re.split(r"(?<=\?)\s+", questions) if q.strip()),
        objectives=objectives,
    )
