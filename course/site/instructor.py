"""The instructor edition: pages generated from the lessons, the question files, the assignments and
``book/instructor/notes.yaml``, plus the configuration to build them (``make instructor``).

Nothing here is in the student site: the student build lists only ``_toc.yml``'s pages, and
``tests/test_editions.py`` searches the student site and notebooks for every instructor-only string.

    python -m course.site.instructor        # writes book/instructor/_generated/ and _build/instructor-edition/*.yml
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import yaml

from ..kit import challenges, quiz
from .. import paths
from . import frontmatter, notesformat
from ..grading import release, spec

NOTES = paths.BOOK / "instructor" / "notes.yaml"
GENERATED = paths.BOOK / "instructor" / "_generated"
BUILD_FILES = paths.ROOT / "_build" / "instructor-edition"
LESSONS = paths.lessons()


def notes() -> dict:
    """The instructor notes, keyed by lesson number ("00" … "08"), checked (:mod:`course.site.notesformat`)."""
    return notesformat.read(NOTES)


def discuss_prompts(nb) -> list[str]:
    """The numbered prompts of a lesson's "## Discuss" cell."""
    cell = next((c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## Discuss")), "")
    return [m.group(1).strip() for m in re.finditer(r"^\d+\.\s+(.*)$", cell, flags=re.M)]


def _quiz_key(lesson: str) -> list[str]:
    lines = ["## Quiz answer key", ""]
    for i, q in enumerate(quiz.resolved(lesson), 1):
        lines.append(f"{i}. **{q['question']}** ({q['level']})")
        if q["type"] == "numeric":
            lines.append(f"   - Answer: **{q['answer']:.4g}** (accepted ± {q['tolerance']:g}); computed from the data by `{q['from_data']}`")
            lines.append(f"   - Explanation: {q['feedback_correct']}")
        else:
            label = "Defensible" if q["type"] == "evaluation" else "Correct"
            for a in q["answers"]:
                if a["correct"]:
                    lines.append(f"   - {label}: **{a['answer']}** — {a['feedback']}")
        lines.append("")
    return lines


def _plain_value(value) -> str:
    value = value.item() if hasattr(value, "item") else value  # numpy scalars as Python numbers
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def _challenge_key(lesson: str) -> list[str]:
    if not challenges.spec_path(lesson).is_file():
        return []
    lines = ["## Your turn: challenges", "",
             "The solutions are open on the lesson page of this edition. To hand the lesson out as a worksheet "
             "(solutions removed), run `make worksheets` and give students `_build/worksheets/` files.", "",
             "| challenge | variable | answer | computed from data/ by |", "|---|---|---|---|"]
    for ch in challenges.load(lesson).values():
        keyed = [(i, c) for i, c in enumerate(ch["checks"]) if "expected" in c]
        answer = "; ".join(_plain_value(challenges.expected(ch["id"], i)) for i, _ in keyed) or "a labelled chart"
        how = "; ".join(f"`{c['expected']}`" for _, c in keyed) or ", ".join(f"`{c['check']}`" for c in ch["checks"])
        lines.append(f"| {ch['id']} {ch['title']} | `{ch['name']}` | {answer} | {how.replace('|', '&#124;')} |")
    return lines + [""]


def lesson_page(path) -> str:
    """The instructor page of one lesson."""
    nb = nbformat.read(path, as_version=4)
    front, lesson = frontmatter.read(nb, path.name), paths.lesson_id(path)
    note = notes()[lesson]
    lines = [f"# Lesson {lesson} — instructor notes", "",
             f"**Lesson:** {{doc}}`{front.title} </notebooks/{path.stem}>` · **Time:** {front.minutes} minutes", "",
             "## Objectives", ""] + [f"{i}. {o}" for i, o in enumerate(front.objectives, 1)]
    lines += ["", "## Timing plan", "", "| minutes | from–to | activity |", "|---|---|---|"]
    clock = 0
    for minutes, activity in note["timing"]:
        lines.append(f"| {minutes} | {clock}–{clock + minutes} | {activity} |")
        clock += minutes
    lines += ["", "## Discussion prompts and model answers", ""]
    for i, (prompt, answer) in enumerate(zip(discuss_prompts(nb), note["discussion"]), 1):
        lines += [f"{i}. *{prompt}*", "", f"   {answer}", ""]
    lines += ["## Common misconceptions", "", "| misconception | what to say |", "|---|---|"]
    lines += [f"| {m} | {fix} |" for m, fix in note["misconceptions"]]
    return "\n".join(lines + [""] + _challenge_key(lesson) + _quiz_key(lesson)) + "\n"


def solutions_page(assignment: str) -> str:
    """Solutions, checks and rubrics of one assignment."""
    doc = spec.load(assignment)
    nb = release.authored(assignment)
    solved = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and release.BEGIN in cell.source:
            for q in doc["questions"]:
                if re.search(rf"^\s*{re.escape(q['name'])}\s*=", "\n".join(release.solution_lines(cell.source)), flags=re.M):
                    solved[q["id"]] = "\n".join(release.solution_lines(cell.source))
    lines = [f"# {doc['title']}: solutions", "",
             "Generated from the authored notebook and the check files. The student version is made with `make release`.", ""]
    for q in doc["questions"]:
        lines += [f"## {q['id']} — `{q['name']}` ({spec.max_points(q):g} points)", "", q["prompt"], "", "```python",
                  solved.get(q["id"], "# (no solution cell found)"), "```", ""]
        if q["kind"] == "manual":
            lines += [f"**Rubric:** {q['rubric']}", ""]
        checks_ = [("public", c) for c in q["public"]] + [("hidden", c) for c in q["hidden"]]
        if checks_:
            lines += ["| check | kind | points | message when it fails |", "|---|---|---|---|"]
            lines += [f"| `{c['check']}` | {kind} | {c.get('points', 0):g} | {c['message']} |" for kind, c in checks_]
            lines.append("")
    return "\n".join(lines) + "\n"


INDEX = """# Instructor edition

This edition adds, for every lesson, a timing plan, the objectives, model answers to the discussion prompts,
common misconceptions and the quiz answer key; and the solutions, checks and rubrics of the three graded
assignments. Everything else is the student site.

:::{admonition} Keep this edition away from students
:class: warning
Publish it only where students cannot reach it (an instructors' folder, an intranet). The student site
(`make book`) contains none of these pages; a test checks that.
:::

How to teach with the course: see the *Instructor guide* and *Grading* pages.
"""


def write_pages() -> list[str]:
    """Write every generated page into ``book/instructor/_generated``; return their doc paths."""
    GENERATED.mkdir(parents=True, exist_ok=True)
    pages = {"index": INDEX}
    for path in LESSONS:
        pages[f"lesson-{paths.lesson_id(path)}"] = lesson_page(path)
    for assignment in spec.assignments():
        pages[f"solutions-{assignment}"] = solutions_page(assignment)
    for name, text in pages.items():
        write_if_changed(GENERATED / f"{name}.md", text)
    return [f"book/instructor/_generated/{name}" for name in pages]


def write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` unless the file already holds it. Sphinx re-reads a page whose file is newer than
    its last read, so rewriting the same text would rebuild every generated page on each `make instructor`."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def write_build_files(docs: list[str]) -> tuple[str, str]:
    """The instructor edition's _toc.yml and _config.yml (the student ones plus the instructor part)."""
    BUILD_FILES.mkdir(parents=True, exist_ok=True)
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    toc["parts"].insert(0, {"caption": "Instructor edition", "chapters": [{"file": d} for d in docs]})
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = config["title"] + " — Instructor edition"
    config["execute"]["cache"] = str(paths.ROOT / "_build" / ".jupyter_cache")  # reuse the student build's executions
    config["sphinx"]["config"]["course_edition"] = "instructor"  # challenge solutions open (course.site.sphinx_site)
    config["html"]["extra_footer"] = "INSTRUCTOR EDITION — not for students. " + config["html"].get("extra_footer", "")
    toc_path, config_path = BUILD_FILES / "_toc.yml", BUILD_FILES / "_config.yml"
    toc_path.write_text(yaml.safe_dump(toc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return str(toc_path), str(config_path)


def instructor_only_strings() -> list[str]:
    """Every string that must never appear in the student site or student notebooks."""
    strings = ["— instructor notes", "Quiz answer key", "Keep this edition away from students"]
    for lesson in notes().values():
        # timing steps such as "Quiz" are too generic to be secrets; the answers and corrections are not
        strings += [a for _, a in lesson["timing"] if len(a) > 40] + list(lesson["discussion"])
        strings += [fix for _, fix in lesson["misconceptions"]]
    for assignment in spec.assignments():
        names = [q["name"] for q in spec.load(assignment, with_hidden=False)["questions"]]
        for cell in release.authored(assignment).cells:
            # the lines that compute an answer (generic lines like `fig, ax = plots.new()` also appear in lessons)
            strings += [line for line in release.solution_lines(cell.source)
                        if any(re.match(rf"{re.escape(n)}\s*=", line) for n in names)]
        hidden = yaml.safe_load((spec.assignment_dir(assignment) / "hidden.yaml").read_text(encoding="utf-8"))
        strings += [c["message"] for checks_ in hidden.values() for c in checks_]
    return strings


if __name__ == "__main__":
    docs = write_pages()
    toc, config = write_build_files(docs)
    print(f"{len(docs)} instructor pages; toc {toc}; config {config}")
    sys.exit(0)
