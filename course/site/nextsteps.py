"""Each lesson page ends with "What next": the next lesson (the table of contents' order), the graded assignment,
the capstone and a reading declared for it in ``course/site/next_steps.yaml``, and the progress page.

The section is added by the site's Sphinx extension (:mod:`course.site.sphinx_site`) as a last markdown cell of
the notebook it reads, so no lesson notebook holds a copy and a renamed or inserted lesson is picked up by the
next build. The downloads and the worksheets are the notebooks as stored, without it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .. import paths
from ..kit import yamlfiles

DECLARED = Path(__file__).with_name("next_steps.yaml")
BIBLIOGRAPHY = paths.BOOK / "references.bib"
FIELDS = {"assignment", "capstone", "reading"}
HEADING = "## What next"
LESSON_DOC = re.compile(r"notebooks/(\d\d[a-z]?)_[^/]+")  # 03_…, and 00b_… for a lesson between two numbers
CAPSTONE, WORKSPACE, ROLEPLAY, PROGRESS = "book/capstone", "notebooks/capstone_memo", "book/roleplay", "book/progress"


class NextStepsError(ValueError):
    """next_steps.yaml names something that does not exist, or has a field the site does not know."""


def bib_keys(path: Path = BIBLIOGRAPHY) -> set[str]:
    """The entry keys of a BibTeX file."""
    return set(re.findall(r"^@\w+\{([^,\s]+),", path.read_text(encoding="utf-8"), flags=re.M))


def assignment_title(assignment: str) -> str:
    """The title of ``exercises/<assignment>/assignment.yaml``."""
    path = paths.ROOT / "exercises" / assignment / "assignment.yaml"
    return str(yamlfiles.read(path, NextStepsError, f"next_steps.yaml names an assignment {assignment!r}")["title"])


def load(path: Path = DECLARED) -> dict[str, dict]:
    """The declared steps by lesson number ("00" …), checked: known fields, existing assignments and readings."""
    declared = yamlfiles.read(path, NextStepsError)
    keys = bib_keys()
    for lesson, steps in declared.items():
        where = f"{path.name}, lesson {lesson!r}"
        if not re.fullmatch(r"\d\d[a-z]?", str(lesson)):
            raise NextStepsError(f"{path.name}: {lesson!r} is not a lesson id; write it quoted, as \"NN\" (or \"00b\").")
        if not isinstance(steps, dict) or set(steps) - FIELDS:
            raise NextStepsError(f"{where}: give a mapping with some of {sorted(FIELDS)}, not {steps!r}.")
        if "assignment" in steps:
            assignment_title(steps["assignment"])
        reading = steps.get("reading")
        if reading is not None:
            if not isinstance(reading, dict) or set(reading) != {"key", "why"}:
                raise NextStepsError(f"{where}: a reading is {{key: <bib key>, why: <one phrase>}}, not {reading!r}.")
            if reading["key"] not in keys:
                raise NextStepsError(f"{where}: {reading['key']!r} is not an entry of {BIBLIOGRAPHY.name}; add it there first.")
    return {str(k): v for k, v in declared.items()}


def lesson_docs(docnames) -> list[str]:
    """The lesson documents (``notebooks/NN_…``) among ``docnames``, in lesson order."""
    return sorted(d for d in docnames if LESSON_DOC.fullmatch(d))


def markdown(docname: str, docnames, declared: dict[str, dict]) -> str:
    """The "What next" section of lesson ``docname``, linking only documents in ``docnames`` (the build's)."""
    docnames = set(docnames)
    lessons = lesson_docs(docnames)
    number = LESSON_DOC.fullmatch(docname).group(1)
    steps = declared.get(number, {})
    items = []
    position = lessons.index(docname)
    if position + 1 < len(lessons):
        items.append(f"**Next lesson:** {{doc}}`/{lessons[position + 1]}`.")
    if steps.get("capstone") and CAPSTONE in docnames:
        workspace = f" Work in the {{doc}}`/{WORKSPACE}`." if WORKSPACE in docnames else ""
        roleplay = f" In a class there is also the {{doc}}`/{ROLEPLAY}`." if ROLEPLAY in docnames else ""
        items.append(f"**The capstone:** {{doc}}`/{CAPSTONE}`, a two-page memo with its rubric.{workspace}{roleplay}")
    if "assignment" in steps:
        items.append(f"**Graded assignment:** *{assignment_title(steps['assignment'])}*, if your class does the graded "
                     "work (your instructor hands it out; it is not on this site).")
    if "reading" in steps:
        items.append(f"**Read:** {{cite:t}}`{steps['reading']['key']}`: {steps['reading']['why']}. More under "
                     "*Sources and further reading* above.")
    if PROGRESS in docnames:
        items.append(f"**Check your progress:** {{doc}}`/{PROGRESS}` lists your quiz scores and challenges "
                     "(kept in this browser only).")
    return HEADING + "\n\n" + "\n".join(f"- {item}" for item in items) + "\n"


def append_to_notebook(source: str, text: str) -> str:
    """The notebook JSON ``source`` with ``text`` as a last markdown cell (left out of the slides)."""
    nb = json.loads(source)
    cell = {"cell_type": "markdown", "metadata": {"slideshow": {"slide_type": "skip"}}, "source": text}
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) >= (4, 5):
        cell["id"] = "course-what-next"  # cell ids exist from nbformat 4.5
    nb["cells"].append(cell)
    return json.dumps(nb, ensure_ascii=False)


def add_section(app, docname: str, source: list[str]) -> None:
    """Sphinx ``source-read``: append "What next" to a lesson notebook's source."""
    if not LESSON_DOC.fullmatch(docname):
        return
    declared = load()
    source[0] = append_to_notebook(source[0], markdown(docname, app.env.found_docs, declared))
