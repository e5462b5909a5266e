"""Every lesson follows the template (see LESSON-TEMPLATE in the project's shared notes) and is stored clean."""

from __future__ import annotations

import re

import nbformat
import pytest

from course.kit import challenges, quiz
from course.site import frontmatter

from support import LESSONS, lesson_id, toc_pages


def _markdown(nb):
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


@pytest.fixture(params=LESSONS, ids=lambda p: p.stem)
def lesson(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_every_lesson_is_in_the_table_of_contents_in_order():
    """A lesson missing from _toc.yml would never reach the site (only_build_toc_files); numbers run 00, 01, …
    A lesson inserted after NN without renumbering the later ones is NNb (00b sits between 00 and 01)."""
    listed = [page for page in toc_pages() if page.startswith("notebooks/") and page[10:12].isdigit()]
    assert listed == [f"notebooks/{p.stem}" for p in LESSONS], listed
    ids = [lesson_id(p) for p in LESSONS]
    numbered = [i for i in ids if i.isdigit()]
    assert [int(i) for i in numbered] == list(range(len(numbered))), f"lesson numbers have a gap: {ids}"
    inserted = [i for i in ids if not i.isdigit()]
    assert all(ids[ids.index(i) - 1] == i[:2] for i in inserted), f"an inserted lesson NNb must follow lesson NN: {ids}"


def test_lesson_ids_come_from_file_names():
    assert lesson_id("03_trade_and_energy.ipynb") == "03" and lesson_id("00b_reading_tables.ipynb") == "00b"
    with pytest.raises(ValueError, match="not a lesson file name"):
        lesson_id("capstone_memo.ipynb")
    assert "capstone_memo" not in [p.stem for p in LESSONS]


def test_stored_without_outputs(lesson):
    path, nb = lesson
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; clear them before committing"


def test_every_cell_is_stored_with_an_id(lesson):
    """A cell without an id gets a random one each time nbformat reads the file, so the worksheets and the bundle
    would change at every build; the file on disk must carry them."""
    import json

    path, _ = lesson
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    missing = [i for i, c in enumerate(cells) if not c.get("id")]
    assert not missing, f"{path.name}: cells {missing} have no id; give each a unique one (nbformat.validator.normalize)"


def test_metadata_names_the_lesson(lesson):
    path, nb = lesson
    assert nb.metadata.get("course", {}).get("lesson") == lesson_id(path)


def test_front_matter_states_time_prerequisites_questions_and_objectives(lesson):
    """The page's opening cells are the one source (course.site.frontmatter reads them; the metadata has no copy)."""
    path, nb = lesson
    front = frontmatter.read(nb, path.name)
    assert 10 <= front.minutes <= 120, f"{path.name}: {front.minutes} minutes"
    assert 3 <= len(front.objectives) <= 5, f"{path.name}: {len(front.objectives)} objectives; the template wants 3-5"
    assert 1 <= len(front.questions) <= 3 and all(q.endswith("?") for q in front.questions), front.questions
    assert front.prerequisites
    assert not {"title", "minutes", "objectives", "prerequisites", "questions"} & set(nb.metadata["course"]), \
        f"{path.name}: the metadata repeats what the page says; keep it only in the opening cells"


def test_one_h1(lesson):
    path, nb = lesson
    h1 = [line for text in _markdown(nb) for line in text.splitlines() if re.match(r"^# \S", line)]
    assert h1 == [f"# {frontmatter.read(nb, path.name).title}"], f"{path.name}: exactly one H1, the title"


@pytest.mark.parametrize("section", ["## Key takeaways", "## Discuss", "## Sources and further reading"])
def test_closing_sections(lesson, section):
    path, nb = lesson
    assert any(section in text for text in _markdown(nb)), f"{path.name}: add a '{section}' section"


def test_quiz_explorer_and_chart(lesson):
    path, nb = lesson
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    number = lesson_id(path)
    assert f'quiz.show("{number}")' in code, f"{path.name}: show the lesson's quiz"
    quiz.load(number)  # and its question file is valid
    assert "explorers." in code, f"{path.name}: include at least one explorer"
    assert any(kit in code for kit in ("plots.show(", "charts.", "maps.")), f"{path.name}: include at least one chart"


def test_code_cells_are_short(lesson):
    """A visible analysis cell may be a readable block of pandas (up to 15 lines); longer code, and any set-up
    or plumbing a student need not read, belongs in the course package."""
    path, nb = lesson
    long = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and len(c.source.splitlines()) > 15]
    assert not long, f"{path.name}: cells {long} exceed 15 lines; split the analysis or move plumbing into the course package"


def test_students_write_code_every_10_to_15_minutes(lesson):
    """A "Your turn" challenge every 10 to 15 minutes of the lesson's time (the time counts each challenge's own
    5 minutes, course/site/timing.py), and at least 2: from 2 in a 35-minute lesson to 6–9 in a 90-minute one."""
    path, nb = lesson
    minutes = frontmatter.read(nb, path.name).minutes
    count = sum("challenge" in c.metadata.get("tags", []) for c in nb.cells)
    wanted, most = max(2, minutes // 15), max(max(2, minutes // 15) + 1, minutes // 10)
    assert wanted <= count <= most, \
        f"{path.name}: {count} challenges for {minutes} minutes; want {wanted}-{most} (one every 10-15 minutes, at least 2)"


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
        if c.cell_type == "code" and "explorers." in c.source:
            assert c.metadata["slideshow"]["slide_type"] == "skip", "explorers need a kernel"


def test_front_matter_errors_say_what_to_fix():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A title\n\n**Time:** an hour")])
    with pytest.raises(frontmatter.FrontMatterError, match=r"x\.ipynb: expected one '\*\*Time:\*\* N minutes'"):
        frontmatter.read(nb, "x.ipynb")
    nb.cells[0].source = "# A title\n\n**Time:** 30 minutes · **Prerequisites:** None\n\n**Questions:** Why?"
    with pytest.raises(frontmatter.FrontMatterError, match="no '## Learning objectives' cell"):
        frontmatter.read(nb, "x.ipynb")
    nb.cells.append(nbformat.v4.new_markdown_cell("## Learning objectives\n\n1. Read a table\n2. Ask why?"))
    front = frontmatter.read(nb, "x.ipynb")
    assert (front.minutes, front.questions, front.objectives) == (30, ("Why?",), ("Read a table", "Ask why?"))


def test_practice_blanks_are_skipped_and_only_they_are(lesson):
    """A "Your go" practice cell has blanks (`____`) for the student to fill; neither the book build (nbclient's
    skip-execution) nor nbval (nbval-skip) runs it. No other cell may be skipped: that would hide broken code."""
    path, nb = lesson
    skip = {challenges.TAGS["practice"], challenges.TAGS["practice_nbval"]}
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code":
            continue
        tags = set(c.metadata.get("tags", []))
        if "____" in c.source:
            assert skip <= tags, f"{path.name}: cell {i} has a blank ____; tag it {sorted(skip)}"
        else:
            assert not skip & tags, f"{path.name}: cell {i} is skipped but has no blank ____ to fill"
