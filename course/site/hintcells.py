"""The hint cells of the lessons, written from the challenge files: one source for every hint.

A challenge's hint ladder lives in ``exercises/challenges/NN.yaml`` (``hint``: a nudge, then the idiom);
:func:`course.kit.challenges.hint_cell` renders it as nested dropdowns. This tool writes that rendering into the
markdown cell that follows each ``check("NN.k", name)`` cell, so a lesson never holds a hand-edited copy:

    python -m course.site.hintcells              # rewrite every lesson's hint cells
    python -m course.site.hintcells 03 04        # only these lessons
    python -m course.site.hintcells --check      # list the stale hint cells, exit 1 if any (writes nothing)

The book build (this module is a Sphinx extension too: ``source-read``) and the worksheets render the hint cells
from the files whatever the stored cells hold; the stored cells matter to a lesson opened in JupyterLab.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from .. import paths
from ..kit import challenges

CHECK = re.compile(r'check\("([^"]+)", \w+\)')


def hint_cells(nb: dict) -> list[tuple[int, str]]:
    """(index of the hint cell, challenge id) for each check cell of a notebook (its JSON as a dict)."""
    found = []
    for i, cell in enumerate(nb["cells"][:-1]):
        source = "".join(cell["source"])
        match = CHECK.fullmatch(source.strip()) if cell["cell_type"] == "code" else None
        tags = cell.get("metadata", {}).get("tags", [])
        if match and challenges.TAGS["solution"] not in tags:
            found.append((i + 1, match.group(1)))
    return found


def stale(path: Path) -> list[str]:
    """The ids of the challenges whose hint cell in this lesson differs from the challenge file."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [cid for i, cid in hint_cells(nb)
            if "".join(nb["cells"][i]["source"]) != challenges.hint_cell(challenges.find(cid))]


def write(path: Path) -> list[str]:
    """Rewrite a lesson's hint cells from its challenge file; return the ids changed (the file is untouched if none)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    changed = []
    for i, cid in hint_cells(nb):
        cell, wanted = nb["cells"][i], challenges.hint_cell(challenges.find(cid))
        if cell["cell_type"] != "markdown":
            raise SystemExit(f"{path.name}: the cell after check(\"{cid}\", …) should be its hint (markdown), "
                             "see the README's 'Writing a \"Your turn\" challenge'")
        if "".join(cell["source"]) != wanted:
            cell["source"] = wanted.splitlines(keepends=True)
            changed.append(cid)
    if changed:  # the lessons are stored as nbformat writes them
        path.write_text(json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed


def rewrite_source(text: str) -> str:
    """A lesson's JSON with every hint cell replaced by its challenge file's ladder (the text is returned unchanged if
    it is not a notebook with challenges). The book build and the worksheets use it, so the student site shows the
    file's hints even in a lesson whose stored cells are stale."""
    try:
        nb = json.loads(text)
    except ValueError:
        return text
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return text
    for i, cid in hint_cells(nb):
        if nb["cells"][i]["cell_type"] == "markdown":
            nb["cells"][i]["source"] = challenges.hint_cell(challenges.find(cid))
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def _source_read(app, docname: str, source: list[str]) -> None:
    if docname.startswith("notebooks/") and paths.LESSON_FILE.fullmatch(Path(docname).name + ".ipynb"):
        source[0] = rewrite_source(source[0])


def setup(app):
    """Sphinx extension: every lesson page renders its hint cells from the challenge files."""
    app.connect("source-read", _source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, list) the hint cells of the chosen lessons."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson ids such as 03 or 00b (default: every lesson)")
    parser.add_argument("--check", action="store_true", help="only list stale hint cells; exit 1 if there are any")
    args = parser.parse_args(argv)
    chosen = [p for p in paths.lessons() if not args.lessons or paths.lesson_id(p) in args.lessons]
    bad = 0
    for path in chosen:
        ids = stale(path) if args.check else write(path)
        bad += len(ids)
        if ids:
            print(f"{path.name}: {'stale' if args.check else 'rewrote'} {', '.join(ids)}")
    return 1 if args.check and bad else 0


if __name__ == "__main__":
    sys.exit(main())
