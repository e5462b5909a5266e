"""Student and instructor editions from one source: the instructor notes are complete, and nothing
instructor-only reaches the student site, the lesson notebooks or the student assignment notebooks.

Needs `make book` and `make instructor` (make test runs both first).
"""

from __future__ import annotations

import html
import json
import re

import nbformat
import pytest

from course import instructor
from course.grading import release, spec
from test_book import HTML, INSTRUCTOR_HTML, ROOT

pytestmark = pytest.mark.book


def normalise(text: str) -> str:
    """Text as a reader sees it: tags stripped, entities decoded, typographic quotes straightened, spaces collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    for fancy, plain in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-")):
        text = text.replace(fancy, plain)
    return re.sub(r"\s+", " ", text)


def _corpus(folder) -> str:
    return "\n".join(normalise(p.read_text(encoding="utf-8", errors="replace")) for p in sorted(folder.rglob("*.html")))


@pytest.fixture(scope="module")
def secrets() -> list[str]:
    return [normalise(s) for s in instructor.instructor_only_strings()]


def test_notes_cover_every_lesson():
    notes = instructor.notes()
    for path in instructor.LESSONS:
        nb = nbformat.read(path, as_version=4)
        lesson, meta = path.stem[:2], nb.metadata["course"]
        assert lesson in notes, f"book/instructor/notes.yaml: add lesson {lesson}"
        timing = sum(minutes for minutes, _ in notes[lesson]["timing"])
        assert timing == meta["minutes"], f"lesson {lesson}: timing plan adds up to {timing}, the lesson takes {meta['minutes']}"
        prompts = instructor.discuss_prompts(nb)
        assert len(notes[lesson]["discussion"]) == len(prompts) > 0, f"lesson {lesson}: one model answer per Discuss prompt"
        assert len(notes[lesson]["misconceptions"]) >= 2


def test_student_site_has_no_instructor_material(secrets):
    assert (HTML / "index.html").is_file(), "run `make book` first"
    site = _corpus(HTML)
    leaked = [s for s in secrets if s in site]
    assert not leaked, f"instructor-only text in the student site: {leaked[:5]}"
    assert not list(HTML.rglob("*instructor/_generated*")), "generated instructor pages were built into the student site"


def test_instructor_edition_has_it_all(secrets):
    """The positive control: the same search finds every instructor string in the instructor edition."""
    assert (INSTRUCTOR_HTML / "index.html").is_file(), "run `make instructor` first"
    site = _corpus(INSTRUCTOR_HTML)
    missing = [s for s in secrets if s not in site]
    assert not missing, f"instructor strings missing from the instructor edition: {missing[:5]}"


def test_student_notebooks_have_no_instructor_material(secrets, tmp_path):
    texts = [normalise(json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False))
             for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
    texts += [normalise(release.release(a, tmp_path).read_text(encoding="utf-8")) for a in spec.assignments()]
    for text in texts:
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"instructor-only text in a student notebook: {leaked[:3]}"


def test_answer_keys_are_generated_from_the_question_files():
    page = (instructor.GENERATED / "lesson-03.md").read_text(encoding="utf-8")
    assert "Quiz answer key" in page and "Correct: **2018**" in page
    assert "Answer: **17**" in page, "numeric keys show the answer from the question file"
    solutions = (instructor.GENERATED / "solutions-a2.md").read_text(encoding="utf-8")
    assert "record_years = turnover[(turnover > record_before) & (turnover.index >= 2000)].index.tolist()" in solutions and "**Rubric:**" in solutions
