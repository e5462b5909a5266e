"""Student and instructor editions from one source: the instructor notes are complete, and nothing
instructor-only reaches the student site, the lesson notebooks or the student assignment notebooks; challenge
solutions are collapsed on the student site, open in the instructor edition, and absent from the worksheets.

Needs `make book` and `make instructor` (make test runs both first).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from course.site import frontmatter, instructor, worksheets
from course.grading import release, spec
from course import paths
from support import HTML, INSTRUCTOR_HTML, ROOT, normalise

pytestmark = pytest.mark.book


def _corpus(folder) -> str:
    return "\n".join(normalise(p.read_text(encoding="utf-8", errors="replace")) for p in sorted(folder.rglob("*.html")))


@pytest.fixture(scope="module")
def secrets() -> list[str]:
    return [normalise(s) for s in instructor.instructor_only_strings()]


def test_notes_cover_every_lesson():
    notes = instructor.notes()
    for path in instructor.LESSONS:
        nb = nbformat.read(path, as_version=4)
        lesson, minutes = paths.lesson_id(path), frontmatter.read(nb, path.name).minutes
        assert lesson in notes, f"book/instructor/notes.yaml: add lesson {lesson}"
        timing = sum(minutes for minutes, _ in notes[lesson]["timing"])
        assert timing == minutes, f"lesson {lesson}: timing plan adds up to {timing}, the page says it takes {minutes}"
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
    from course.kit import quiz

    numeric = next(q for q in quiz.resolved("03") if q["type"] == "numeric")
    assert f"Answer: **{numeric['answer']:.4g}**" in page and numeric["from_data"] in page, \
        "numeric keys show the answer computed from the question file's expression"
    assert "(apply)" in page, "the key gives each question's level"
    assert "## Your turn: challenges" in page and "| 03.1 the first $200 billion year | `first_200` | 2023 |" in page, \
        "the challenge key shows each answer, computed from data/"
    solutions = (instructor.GENERATED / "solutions-a2.md").read_text(encoding="utf-8")
    assert "record_years = turnover[(turnover > record_before) & (turnover.index >= 2000)].index.tolist()" in solutions and "**Rubric:**" in solutions


# --- "Your turn" challenges: solutions collapsed on the student site, open in the instructor edition, absent
# from the worksheets and from the site's downloads. Each test has its positive control in the same search.

def _lessons_with_solutions():
    found = [(p, nbformat.read(p, as_version=4)) for p in worksheets.lessons()]
    found = [(p, nb, worksheets.solution_lines(nb)) for p, nb in found]
    return [(p, nb, lines) for p, nb, lines in found if lines]


def _solution_blocks(page: Path):
    """The page's parsed HTML and its collapsible solution elements (myst-nb's <details> with "Show solution")."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    blocks = [d for d in soup.find_all("details") if d.summary and "Show solution" in d.summary.get_text()]
    return soup, blocks


def _code_lines(node) -> set[str]:
    return {line.strip() for pre in node.find_all("pre") for line in pre.get_text().splitlines() if line.strip()}


def test_worksheets_and_site_downloads_have_no_solution_code(tmp_path):
    lessons = _lessons_with_solutions()
    assert lessons, "no lesson has challenge solutions"
    for path, nb, lines in lessons:
        source = "\n".join(c.source for c in nb.cells)
        assert all(line in source for line in lines), "positive control: the lesson itself holds its solutions"
        sheet = nbformat.read(worksheets.write(path, tmp_path), as_version=4)
        leaked = [line for line in lines if line in "\n".join(c.source for c in sheet.cells)]
        assert not leaked, f"{path.name}: solution code in the worksheet: {leaked[:3]}"
        download = nbformat.read(HTML / "_sources" / "notebooks" / path.name, as_version=4)
        leaked = [line for line in lines if line in "\n".join(c.source for c in download.cells)]
        assert not leaked, f"{path.name}: the student site's download (⬇) holds solution code: {leaked[:3]}"
        kept = nbformat.read(INSTRUCTOR_HTML / "_sources" / "notebooks" / path.name, as_version=4)
        assert all(line in "\n".join(c.source for c in kept.cells) for line in lines), \
            "positive control: the instructor edition's download keeps the solutions"


def test_student_site_shows_solutions_only_collapsed():
    for path, nb, lines in _lessons_with_solutions():
        soup, blocks = _solution_blocks(HTML / "notebooks" / f"{path.stem}.html")
        solutions = sum(worksheets.is_solution(c) for c in nb.cells)
        assert len(blocks) == solutions, f"{path.name}: {len(blocks)} collapsible solutions on the page, {solutions} in the lesson"
        assert not [b for b in blocks if b.has_attr("open")], f"{path.name}: a solution is open on the student site"
        inside = set().union(*(_code_lines(b) for b in blocks))
        assert set(lines) <= inside, f"{path.name}: positive control: every solution line is inside a solution element"
        for block in blocks:
            block.decompose()
        outside = _code_lines(soup) | {line.strip() for line in soup.get_text().splitlines()}
        leaked = [line for line in lines if line in outside]
        assert not leaked, f"{path.name}: solution code outside its collapsed element: {leaked[:3]}"


def test_instructor_edition_shows_solutions_open():
    for path, nb, _lines in _lessons_with_solutions():
        _, blocks = _solution_blocks(INSTRUCTOR_HTML / "notebooks" / f"{path.stem}.html")
        assert len(blocks) == sum(worksheets.is_solution(c) for c in nb.cells)
        assert all(b.has_attr("open") for b in blocks), f"{path.name}: the instructor edition shows every solution open"


def test_student_site_shows_untried_checks_and_hint_ladders():
    """On the static page every check ran on the starter's `...`: it says "not tried yet", with no ❌ "not yet"; every
    challenge has its hint ladder (nested dropdowns, the first a nudge) linking the pandas cheat-sheet."""
    from course.kit import challenges
    for lesson in challenges.lessons():
        path = next(p for p in paths.lessons() if paths.lesson_id(p) == lesson)
        soup = BeautifulSoup((HTML / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8"), "html.parser")
        spec = list(challenges.load(lesson).values())
        assert len(soup.select("div.challenge-check.challenge-untried")) == len(spec), path.name
        assert not soup.select("div.challenge-failed") and "not yet:" not in soup.get_text(), \
            f"{path.name}: a check of an untouched starter shows as failed"
        ladders = [d for d in soup.select("details") if d.find("summary") and
                   d.find("summary").get_text(" ", strip=True).startswith("Hint (1 of")]
        assert len(ladders) == len(spec), f"{path.name}: {len(ladders)} hint ladders for {len(spec)} challenges"
        for ladder, ch in zip(ladders, spec):
            assert normalise(ch["hint"][0].replace("`", ""))[:40] in normalise(str(ladder)), f"{path.name} {ch['id']}: the nudge comes first"
            assert ladder.select("details"), f"{path.name} {ch['id']}: the next step is folded inside the first"
            assert ladder.select('a[href$="pandas-cheatsheet.html"]'), f"{path.name} {ch['id']}: link the cheat-sheet"
