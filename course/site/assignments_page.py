"""The site's *Assignments* page: each released assignment with its expected time, what it asks and a download.

The page's text is ``book/assignments.md``; this module appends its table at build time (Sphinx ``source-read``)
and, when the build has finished, writes the student version of each assignment (``course.grading.release``: no
solution, no hidden check) beside the pages, where the table's links point. Nothing authored reaches the site.
"""

from __future__ import annotations

from pathlib import Path

from ..grading import release, spec, workload
from . import nextsteps

DOC = "book/assignments"
FOLDER = "assignments"  # in the built site, beside book/ and notebooks/


def assignments() -> list[str]:
    """The assignment ids, in order (``a1``, ``a2``, …)."""
    return sorted(p.name for p in spec.EXERCISES.glob("a[0-9]*") if (p / "assignment.yaml").is_file())


def after_lesson() -> dict[str, str]:
    """The lesson each assignment follows, from ``course/site/next_steps.yaml``."""
    return {steps["assignment"]: lesson for lesson, steps in nextsteps.load().items() if "assignment" in steps}


def row(assignment: str, lesson: str | None) -> str:
    """One row of the table: title, the lesson it follows, its time, its tasks and the download link."""
    doc = spec.load(assignment, with_hidden=False)
    questions = doc["questions"]
    time = workload.hours_text(release.expected_hours(assignment))
    computed = sum(1 for q in questions if q["kind"] != "manual")
    written = len(questions) - computed
    tasks = f"{computed} answers to compute and check, {written} to write"
    link = f'<a href="../{FOLDER}/{assignment}.ipynb" download>{assignment}.ipynb</a>'
    return f"| {doc['title']} | {lesson or '—'} | {time} | {tasks} | {link} |"


def markdown() -> str:
    """The table appended to the page."""
    follows = after_lesson()
    lines = ["| Assignment | After lesson | Expected time | What you do | Download |", "|---|---|---|---|---|"]
    return "\n".join(lines + [row(a, follows.get(a)) for a in assignments()]) + "\n"


def add_table(app, docname: str, source: list[str]) -> None:
    """Sphinx ``source-read``: append the table to the Assignments page."""
    if docname == DOC:
        source[0] = source[0].rstrip() + "\n\n" + markdown()


def write_downloads(app, exception) -> None:
    """Sphinx ``build-finished``: the student version of each assignment, where the table links it."""
    if exception is not None or app.builder.format != "html" or DOC not in app.env.found_docs:
        return
    out = Path(app.outdir) / FOLDER
    for assignment in assignments():
        release.release(assignment, out)
