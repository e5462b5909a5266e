"""Every lesson follows the template (see LESSON-TEMPLATE in the project's shared notes) and is stored clean."""

from __future__ import annotations

import re

import nbformat
import pytest

from course.kit import quiz

from support import LESSONS


def _markdown(nb):
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


@pytest.fixture(params=LESSONS, ids=lambda p: p.stem)
def lesson(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_there_are_lessons():
    assert [p.stem[:2] for p in LESSONS] == ["00", "01", "02", "03", "04", "05", "06", "07", "08"]


def test_stored_without_outputs(lesson):
    path, nb = lesson
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; clear them before committing"


def test_metadata_is_complete(lesson):
    path, nb = lesson
    meta = nb.metadata.get("course", {})
    assert meta.get("lesson") == path.stem[:2]
    assert isinstance(meta.get("minutes"), int) and 10 <= meta["minutes"] <= 120
    assert 3 <= len(meta.get("objectives", [])) <= 5
    assert meta.get("prerequisites") and meta.get("title") and meta.get("questions")


def test_one_h1_matching_the_title(lesson):
    path, nb = lesson
    h1 = [line for text in _markdown(nb) for line in text.splitlines() if re.match(r"^# \S", line)]
    assert h1 == [f"# {nb.metadata['course']['title']}"], f"{path.name}: exactly one H1, equal to the title"


def test_front_matter_shows_time_prerequisites_and_objectives(lesson):
    path, nb = lesson
    meta, text = nb.metadata["course"], "\n".join(_markdown(nb))
    assert f"**Time:** {meta['minutes']} minutes" in text
    assert f"**Prerequisites:** {', '.join(meta['prerequisites'])}" in text
    assert "## Learning objectives" in text
    for objective in meta["objectives"]:
        assert objective in text, f"{path.name}: objective not shown: {objective}"


@pytest.mark.parametrize("section", ["## Key takeaways", "## Discuss", "## Sources and further reading"])
def test_closing_sections(lesson, section):
    path, nb = lesson
    assert any(section in text for text in _markdown(nb)), f"{path.name}: add a '{section}' section"


def test_quiz_explorer_and_chart(lesson):
    path, nb = lesson
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    number = path.stem[:2]
    assert f'quiz.show("{number}")' in code, f"{path.name}: show the lesson's quiz"
    quiz.load(number)  # and its question file is valid
    assert "widgets." in code, f"{path.name}: include at least one explorer"
    assert any(kit in code for kit in ("plots.show(", "charts.", "maps.")), f"{path.name}: include at least one chart"


def test_code_cells_are_short(lesson):
    """A visible analysis cell may be a readable block of pandas (up to 15 lines); longer code, and any set-up
    or plumbing a student need not read, belongs in the course package."""
    path, nb = lesson
    long = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and len(c.source.splitlines()) > 15]
    assert not long, f"{path.name}: cells {long} exceed 15 lines; split the analysis or move plumbing into the course package"


def test_students_write_code_every_10_to_15_minutes(lesson):
    """2-4 "Your turn" challenges per lesson, about one per 15 minutes of the lesson's time (see tests/test_challenges.py)."""
    path, nb = lesson
    minutes = nb.metadata["course"]["minutes"]
    count = sum("challenge" in c.metadata.get("tags", []) for c in nb.cells)
    wanted = min(4, max(2, minutes // 15))
    assert wanted <= count <= 4, f"{path.name}: {count} challenges for {minutes} minutes; add challenges (want {wanted}-4)"


def test_setup_cell_is_hidden_and_only_imports(lesson):
    path, nb = lesson
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert first_code.source.startswith("from course.kit import")
    assert {"hide-input", "remove-input"} & set(first_code.metadata.get("tags", []))


def test_capstone_workspace_covers_the_brief():
    nb = nbformat.read(LESSONS[0].parent / "capstone_memo.ipynb", as_version=4)
    text = "\n".join(_markdown(nb))
    for section in ("## 1. Your stance", "## 2. Your exhibits", "## 3. Your reading", "## 5. The strongest counter-argument",
                    "../book/capstone.md"):
        assert section in text, f"capstone workspace: missing {section!r}"
    assert sum("charts." in c.source for c in nb.cells if c.cell_type == "code") >= 3, "three example exhibits"
    assert not [c for c in nb.cells if c.cell_type == "code" and c.outputs], "stored without outputs"


def test_cells_are_marked_for_slides(lesson):
    """Every cell says how it appears in the slide deck (make slides); headings start slides; explorers are skipped."""
    path, nb = lesson
    kinds = {"slide", "subslide", "fragment", "-", "skip", "notes"}
    unmarked = [i for i, c in enumerate(nb.cells) if c.metadata.get("slideshow", {}).get("slide_type") not in kinds]
    assert not unmarked, f"{path.name}: cells {unmarked} have no slideshow.slide_type"
    for c in nb.cells:
        if c.cell_type == "markdown" and c.source.startswith(("# ", "## ")):
            assert c.metadata["slideshow"]["slide_type"] == "slide"
        if c.cell_type == "code" and "widgets." in c.source:
            assert c.metadata["slideshow"]["slide_type"] == "skip", "explorers need a kernel"
