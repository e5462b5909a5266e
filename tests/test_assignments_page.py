"""Each released assignment states its expected time (course/grading/workload.py) and is offered on the student
site's Assignments page as its student version: no solution, no hidden check."""

from __future__ import annotations

from types import SimpleNamespace

import nbformat
import pytest
import yaml

from course.grading import release, spec, workload
from course.site import assignments_page, instructor, timing
from support import HTML, normalise

ASSIGNMENTS = assignments_page.assignments()


def test_the_model_reads_at_the_lessons_rate_and_states_half_hours():
    assert workload.WORDS_PER_MINUTE == timing.WORDS_PER_MINUTE, "assignments and lessons are read at one rate"
    assert workload.written_words("In 80–150 words: does it?") == 150 and workload.written_words("Argue.") == 150
    assert workload.written_words("In 150-250 words") == 250
    assert [workload.hours_text(h) for h in (0.5, 1, 1.5, 2)] == [
        "about ½ hours",
        "about 1 hour",
        "about 1½ hours",
        "about 2 hours",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(" ".join(["word"] * 1500))])  # 10 minutes
    questions = [{"kind": "number", "prompt": "x"}, {"kind": "manual", "prompt": "In 80–150 words: why?"}]
    assert workload.minutes(nb, questions) == pytest.approx(
        10 + workload.MINUTES_PER_COMPUTED + workload.MINUTES_TO_PLAN + 15
    )
    assert workload.hours(nb, questions) == 1.0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_student_version_states_its_time_under_its_title(assignment):
    first = release.student_notebook(assignment).cells[0].source
    title, _, rest = first.partition("\n")
    assert title.startswith("# ") and rest.lstrip().startswith("**Expected time:** ")
    assert workload.hours_text(release.expected_hours(assignment)) in rest.lstrip().split("\n\n", 1)[0]
    assert "Expected time" not in release.authored(assignment).cells[0].source, "stated once, by the release"


def test_the_page_lists_every_assignment_with_its_time_and_download():
    table = assignments_page.markdown()
    follows = assignments_page.after_lesson()
    for assignment in ASSIGNMENTS:
        doc = spec.load(assignment, with_hidden=False)
        line = next(row for row in table.splitlines() if row.startswith(f"| {doc['title']} |"))
        assert workload.hours_text(release.expected_hours(assignment)) in line
        assert f'href="../{assignments_page.FOLDER}/{assignment}.ipynb" download' in line
        assert f"| {follows[assignment]} |" in line, "the lesson it follows, from next_steps.yaml"


def _hidden_strings(assignment: str) -> list[str]:
    hidden = yaml.safe_load((spec.assignment_dir(assignment) / "hidden.yaml").read_text(encoding="utf-8"))
    return [c[key] for checks in hidden.values() for c in checks for key in ("expected", "message")]


@pytest.mark.book
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_site_offers_the_student_version_only(assignment):
    served = HTML / assignments_page.FOLDER / f"{assignment}.ipynb"
    assert served.is_file(), f"{served} is missing: run `make book`"
    text = served.read_text(encoding="utf-8")
    assert nbformat.reads(text, as_version=4).cells == release.student_notebook(assignment).cells
    for cell in release.authored(assignment).cells:
        for line in release.solution_lines(cell.source):
            assert line not in text, f"{assignment}: a solution line is on the site: {line}"
    assert not [s for s in _hidden_strings(assignment) if s in text], f"{assignment}: a hidden check is on the site"
    page = (HTML / "book" / "assignments.html").read_text(encoding="utf-8")
    assert f'href="../{assignments_page.FOLDER}/{assignment}.ipynb"' in page


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_stated_hours_agree_with_the_model(assignment):
    """assignment.yaml's ``hours`` and the Grading page state the time the workload model gives the student version."""
    computed = release.expected_hours(assignment)
    assert spec.load(assignment, with_hidden=False)["hours"] == computed, (
        f"exercises/{assignment}/assignment.yaml: set hours to {computed}, the time its student version states"
    )
    grading = (spec.paths.ROOT / "book" / "grading.md").read_text(encoding="utf-8")
    assert f"{assignment.upper()} {workload.hours_text(computed)}" in grading, (
        f"book/grading.md should say '{assignment.upper()} {workload.hours_text(computed)}'"
    )


def test_the_build_step_copies_only_student_versions(tmp_path):
    """What the site's build step writes (without building the book): the student versions, with no solution line,
    hidden check or instructor-only string (the ones tests/test_editions.py looks for on the student site)."""
    app = SimpleNamespace(
        outdir=str(tmp_path),
        builder=SimpleNamespace(format="html"),
        env=SimpleNamespace(found_docs={assignments_page.DOC}),
    )
    assignments_page.write_downloads(app, None)
    written = sorted(p.name for p in (tmp_path / assignments_page.FOLDER).iterdir())
    assert written == [f"{a}.ipynb" for a in ASSIGNMENTS], f"the build step wrote {written}"
    secrets = [normalise(s, tags=False) for s in instructor.instructor_only_strings()]
    for assignment in ASSIGNMENTS:
        text = (tmp_path / assignments_page.FOLDER / f"{assignment}.ipynb").read_text(encoding="utf-8")
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
        text = "\n".join(cell.source for cell in notebook.cells)  # as a student reads it: no JSON escapes
        solutions = [line for c in release.authored(assignment).cells for line in release.solution_lines(c.source)]
        assert solutions and not [line for line in solutions if line in text], (
            f"{assignment}: a solution line is copied"
        )
        assert not [s for s in _hidden_strings(assignment) if s in text], f"{assignment}: a hidden check is copied"
        flat = normalise(text, tags=False)
        assert not [s for s in secrets if s in flat], f"{assignment}: an instructor-only string is copied"
