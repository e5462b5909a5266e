"""What a rerun without ``--force`` may keep from ``results/<student>.json``.

A kept result must come from the very file that now holds its student id: ids follow the folder's sorted
file names, so a file added between runs can take over an id (``Asha Rao.ipynb`` sorts before
``Asha_Rao.ipynb``), and a student may hand in a new version under the same name. Every result therefore
records :func:`source_key`, a hash of the file's raw name, its content and the id's note, and is kept only
while the file gives the same key. A result that is not a grade (``not graded``: the grader refused to run
anything; ``grader error``) is never kept, so fixing the cause and rerunning grades those files.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .records import Result
from .submissions import Submission

NOT_FINAL = frozenset({"not graded", "grader error"})


def source_key(sub: Submission, raw: bytes) -> str:
    """sha256 of the file's name (as raw bytes: a name need not be UTF-8), its id's note and ``raw``."""
    digest = hashlib.sha256()
    for part in (os.fsencode(sub.path.name), sub.note.encode("utf-8", "surrogatepass")):
        digest.update(len(part).to_bytes(8, "big") + part)
    digest.update(raw)
    return digest.hexdigest()


def file_key(sub: Submission, limit: int) -> str | None:
    """:func:`source_key` of the file as it is now, reading at most ``limit`` bytes (as the grader does);
    None if it cannot be read."""
    try:
        with open(sub.path, "rb") as fh:
            return source_key(sub, fh.read(limit))
    except OSError:
        return None


def load(path: Path) -> Result | None:
    """A stored result, or None if the file is missing or is not one (a rerun then grades again)."""
    try:
        return Result.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def kept_results(results_dir: Path, subs: list[Submission], limit: int) -> dict[str, Result]:
    """Per student id, the stored result a rerun keeps: a final grade of the same file (see module doc)."""
    kept = {}
    for sub in subs:
        result = load(Path(results_dir) / f"{sub.student}.json")
        if result is None or result.status in NOT_FINAL or not result.source or result.student != sub.student:
            continue
        if result.source == file_key(sub, limit):
            kept[sub.student] = result
    return kept
