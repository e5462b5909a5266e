"""Each lesson page ends with "What next": the next lesson (the table of contents' order), the graded assignment,
the capstone and a reading declared for it in ``course/site/next_steps.yaml``, its session's section of the Readings
page, and the progress page.

The section is added by the site's Sphinx extension (:mod:`course.site.sphinx_site`) as a last markdown cell of
the notebook it reads, so no lesson notebook holds a copy and a renamed or inserted lesson is picked up by the
next build. The downloads and the worksheets are the notebooks as stored, without it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, RootModel, ValidationInfo, model_validator

from .. import paths
from ..kit import yamlfiles
from ..kit.yamlfiles import Strict, Text

DECLARED = Path(__file__).with_name("next_steps.yaml")
BIBLIOGRAPHY = paths.BOOK / "references.bib"
FIELDS = {"assignment", "capstone", "reading"}
HEADING = "## What next"
LESSON_DOC = re.compile(r"notebooks/(\d\d[a-z]?)_[^/]+")  # 03_…, and 00b_… for a lesson between two numbers
CAPSTONE, WORKSPACE, ROLEPLAY, PROGRESS = "book/capstone", "notebooks/capstone_memo", "book/roleplay", "book/progress"
ASSIGNMENTS = "book/assignments"
READINGS = "book/readings"  # its sections are labelled readings-<lesson> (course/site/readings.py)


class NextStepsError(ValueError):
    """next_steps.yaml names something that does not exist, or has a field the site does not know."""


def bib_keys(path: Path = BIBLIOGRAPHY) -> set[str]:
    """The entry keys of a BibTeX file."""
    return set(re.findall(r"^@\w+\{([^,\s]+),", path.read_text(encoding="utf-8"), flags=re.M))


def assignment_title(assignment: str) -> str:
    """The title of ``exercises/<assignment>/assignment.yaml``."""
    path = paths.ROOT / "exercises" / assignment / "assignment.yaml"
    return str(yamlfiles.read(path, NextStepsError, f"next_steps.yaml names an assignment {assignment!r}")["title"])


class Reading(Strict):
    """A reading: a key of ``book/references.bib`` and why to read it now."""

    key: Text
    why: Text


class Steps(Strict):
    """What a lesson's "What next" offers besides the next lesson."""

    assignment: Text | None = None
    capstone: bool | None = None
    reading: Reading | None = None

    @model_validator(mode="after")
    def _exist(self, info: ValidationInfo):
        if self.reading is not None and self.reading.key not in info.context["bib_keys"]:
            raise ValueError(f"{self.reading.key!r} is not an entry of {BIBLIOGRAPHY.name}; add it there first")
        if self.assignment is not None and not (paths.ROOT / "exercises" / self.assignment / "assignment.yaml").is_file():
            raise ValueError(f"names an assignment {self.assignment!r} that has no exercises/{self.assignment}/"
                             "assignment.yaml: name one of the assignments in exercises/")
        return self


class Declared(RootModel[dict[Annotated[str, Field(pattern=r"^\d\d[a-z]?$")], Steps]]):
    """The whole file: lesson id → its steps."""


FIXES = {"extra_forbidden": f"remove it, or check its spelling: a lesson's steps are some of {', '.join(sorted(FIELDS))}",
         "string_pattern_mismatch": "write the lesson id quoted, as \"NN\" (or \"00b\")",
         "model_type": f"write a mapping: a lesson's steps with some of {', '.join(sorted(FIELDS))}; a reading as "
                       "{key: <bib key>, why: <one phrase>}"}


def load(path: Path = DECLARED) -> dict[str, dict]:
    """The declared steps by lesson number ("00" …), checked (:class:`Declared`): known fields, existing
    assignments and readings; raise :class:`NextStepsError` naming the file, the lesson and the fix."""
    declared = {str(k): v for k, v in yamlfiles.read(path, NextStepsError).items()}
    yamlfiles.validate(Declared, declared, path.name, NextStepsError, labels={}, fixes=FIXES, root="lesson",
                       context={"bib_keys": bib_keys()})
    return declared


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
        where = f" (download it from {{doc}}`/{ASSIGNMENTS}`)" if ASSIGNMENTS in docnames else ""
        items.append(f"**Graded assignment:** *{assignment_title(steps['assignment'])}*{where}, if your class does the "
                     "graded work (your instructor says when it is due).")
    if "reading" in steps:
        items.append(f"**Read:** {{cite:t}}`{steps['reading']['key']}`: {steps['reading']['why']}. More under "
                     "*Sources and further reading* above.")
    if READINGS in docnames:
        items.append(f"**Readings for this session:** {{ref}}`required and optional <readings-{number}>`, on the "
                     f"{{doc}}`/{READINGS}` page.")
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
