"""Submitted files: a safe, distinct student id for each, and their code cells.

Nothing here runs student code; a file that is not a readable notebook raises :class:`Unreadable` saying why.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path


class Unreadable(ValueError):
    """The submission is not a notebook we can read."""


@dataclass(frozen=True)
class Submission:
    """One submitted file, its student id, and a note if the id had to be changed to stay distinct."""

    path: Path
    student: str
    note: str = ""


def student_id(path: Path) -> str:
    """A safe student id from a file name: ``Asha Rao (1).ipynb`` -> ``Asha_Rao_1``."""
    return re.sub(r"_+", "_", re.sub(r"[^A-Za-z0-9_-]", "_", path.stem)).strip("_-")[:100] or "unnamed"


def submissions_in(folder: Path) -> list[Submission]:
    """Every regular, non-hidden file in the folder (a renamed notebook is still graded), each with a distinct id.

    Two names that give the same id (``Asha Rao.ipynb`` and ``Asha_Rao.ipynb``) both get a row: the second
    becomes ``Asha_Rao-2`` with a note saying why.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder of submissions.")
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink() and not p.name.startswith("."))
    taken = {student_id(p) for p in files}
    first: dict[str, Path] = {}
    out = []
    for path in files:
        sid = student_id(path)
        if sid not in first:
            first[sid] = path
            out.append(Submission(path, sid))
            continue
        n = 2
        while f"{sid}-{n}" in taken:
            n += 1
        taken.add(f"{sid}-{n}")
        out.append(Submission(path, f"{sid}-{n}", f"the file name gives the same id as {first[sid].name!r} ({sid}); "
                                                  f"graded as {sid}-{n}: check which student this is"))
    return out


def code_cells(raw: bytes) -> list[str]:
    """The code cells of a notebook file, in order, as strings. Raises Unreadable saying why."""
    if not raw.strip():
        raise Unreadable("the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Unreadable(f"not UTF-8 text (byte {err.start})") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise Unreadable(f"not a notebook: invalid JSON at line {err.lineno}") from None
    except RecursionError:
        raise Unreadable("not a notebook: the JSON is nested too deeply") from None
    if not isinstance(doc, dict):
        raise Unreadable("not a notebook: the JSON is not an object")
    if doc.get("nbformat") != 4 or not isinstance(doc.get("cells"), list):
        raise Unreadable(f"not a version-4 notebook (nbformat {str(doc.get('nbformat'))[:20]!r}); save it from Jupyter again")
    sources = []
    for cell in doc["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            sources.append("raise ValueError('this cell has no readable source')")
            continue
        sources.append(source)
    return sources
