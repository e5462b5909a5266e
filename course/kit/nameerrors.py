"""A name that is not defined (the commonest failure in a worksheet) gets a message saying which cell to run.

A ``NameError`` happens before any ``check(...)`` is called, so the check cannot catch it. Instead the kit's set-up
import (``from course.kit import …``, the first cell of every lesson) registers an IPython custom exception
handler: IPython still shows the traceback, then this module adds where the name comes from, found by reading the
lessons' own cells (the names each cell assigns or imports), e.g.::

    `turnover` is defined in lesson 03, in the cell under "## 1. Trade since 1992" that starts
    `turnover = data.load("russia_china_trade")`. Run that cell (or Run > Run All Above), then run this one again.

Outside IPython (the grader, plain Python) nothing is registered. The lesson a kernel runs is known from Jupyter's
session (``__session__`` / ``JPY_SESSION_NAME``) when the front end gives it; otherwise every lesson is searched.
"""

from __future__ import annotations

import ast
import difflib
import json
import os
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import paths

SETUP = "from course.kit import"
STARTER = re.compile(r"^(\w+) = \.\.\.  # your code here$")


@dataclass(frozen=True)
class Definition:
    """One cell of a lesson that defines a name."""

    lesson: str
    heading: str  # the nearest heading above the cell, e.g. "## 2. Run a cell"; "" before any
    first_line: str
    setup: bool  # the lesson's hidden set-up cell (the kit's imports)
    challenge: str | None  # the challenge id when the name is a "Your turn" answer (its starter cell)


def _assigned(source: str) -> set[str]:
    """The names a cell binds: assignments, imports, loops, functions, classes, `with … as`."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


@cache
def definitions() -> dict[str, tuple[Definition, ...]]:
    """Every name the lessons' visible cells define, with the first cell of each lesson that defines it."""
    found: dict[str, list[Definition]] = {}
    for path in paths.lessons():
        lesson = paths.lesson_id(path)
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        heading, challenge, seen = "", None, set()
        for cell in cells:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            tags = cell.get("metadata", {}).get("tags", [])
            if cell["cell_type"] == "markdown":
                headings = [line for line in source.splitlines() if re.match(r"#{1,3} \S", line)]
                heading = headings[-1] if headings else heading
                match = re.match(r"### Your turn (\S+):", source)
                challenge = match.group(1) if match else challenge
                continue
            if cell["cell_type"] != "code" or "solution" in tags:
                continue  # a solution is not a cell the worksheet has
            starter = STARTER.match(source.strip())
            for name in sorted(_assigned(source) - seen):
                seen.add(name)
                found.setdefault(name, []).append(Definition(
                    lesson, heading, source.strip().splitlines()[0], source.startswith(SETUP),
                    challenge if starter else None))
    return {name: tuple(defs) for name, defs in found.items()}


def _lesson_of(session: str | None) -> str | None:
    if not session:
        return None
    match = paths.LESSON_FILE.fullmatch(Path(session).name)
    return match.group(1) if match else None


def _where(d: Definition) -> str:
    if d.setup:
        return f"the set-up cell at the top of lesson {d.lesson} (`{d.first_line}`)"
    if d.challenge:
        return f"your answer to Your turn {d.challenge} in lesson {d.lesson}: its starter cell (`{d.first_line}`)"
    under = f' under "{d.heading}"' if d.heading else ""
    return f"lesson {d.lesson}, in the cell{under} that starts `{d.first_line}`"


def explain(name: str, lesson: str | None = None, known=()) -> str:
    """What to do about ``NameError: name 'name' is not defined``: the cell that defines it in ``lesson`` (or in
    any lesson when ``lesson`` is None or does not define it), else names close to it among ``known``."""
    if set(name) == {"_"}:
        return (f"`{name}` is a blank for you to fill: replace it with your code (a column name, a number, …), "
                "then run the cell again.")
    defs = definitions().get(name, ())
    here = [d for d in defs if d.lesson == lesson]
    if here or defs:
        shown = here or list(defs)[:3]
        places = "; or ".join(_where(d) for d in shown)
        more = "" if here or len(defs) <= 3 else f" (and {len(defs) - 3} more lessons)"
        return (f"`{name}` is not defined yet in this notebook's kernel. It is defined in {places}{more}. "
                "Run that cell (or Run > Run All Above Selected Cell), then run this cell again.")
    close = difflib.get_close_matches(name, [k for k in known if not k.startswith("_")], n=3)
    suggestion = f" Did you mean {', '.join(f'`{c}`' for c in close)}?" if close else ""
    return (f"`{name}` is not defined: no cell of the lessons defines it, so check its spelling (names are "
            f"case-sensitive).{suggestion} If you made it yourself, run the cell that assigns it first.")


def _name(value: BaseException) -> str | None:
    name = getattr(value, "name", None)
    if name:
        return name
    match = re.search(r"name '(\w+)' is not defined", str(value))
    return match.group(1) if match else None


def handler(shell, etype, value, tb, tb_offset=None):
    """IPython's custom exception handler: the usual traceback, then which cell to run."""
    shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    name = _name(value)
    if name:
        session = shell.user_ns.get("__session__") or os.environ.get("JPY_SESSION_NAME")
        print("\n" + explain(name, _lesson_of(session), shell.user_ns), file=sys.stderr)


def install() -> bool:
    """Register :func:`handler` for NameError in the running IPython kernel, if there is one; True if registered."""
    if "IPython" not in sys.modules:  # never import IPython where nobody uses it (the grader, plain scripts)
        return False
    shell = sys.modules["IPython"].get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((NameError,), handler)
    return True
