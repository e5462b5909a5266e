"""The print edition (course/site/print_edition.py, `make pdf` and `make pdf-instructor`): one PDF of the built site
with every lesson's title and every figure's caption, the quizzes as numbered questions and their answers at the
end, and nothing of the instructor's in the student edition.

The tests read the PDFs `make pdf` and `make pdf-instructor` printed into _build/pdf/ (make test runs both first, and
each reprints only when its edition was rebuilt or a source changed); a PDF older than its edition's build fails.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup

from course.kit import quiz
from course.site import instructor, print_edition
from support import HTML, INSTRUCTOR_HTML, toc_pages


def _flat(text: str) -> str:
    """Text as compared here: ligatures undone (ﬁ is fi), and no whitespace, which a PDF breaks across lines."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _pdf_text(path) -> str:
    """The PDF's text, flattened, without the page footers ("12 / 306"), which fall inside sentences.

    Read by poppler's pdftotext (Debian's poppler-utils, installed by `make test`): 0.9 s for the 306 pages of one run,
    where pypdf's extract_text took 14.3 s; pages come separated by form feeds."""
    if shutil.which("pdftotext") is None:
        pytest.fail(
            "pdftotext is missing: `make poppler` installs Debian's poppler-utils (make test does).", pytrace=False
        )
    run = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    pages = run.stdout.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return _flat("".join(page.replace(f"{n} / {len(pages)}", "", 1) for n, page in enumerate(pages, 1)))


def _built(site, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def _caption_title(figure) -> str:
    """A chart's caption up to its source line (the part that names the chart)."""
    return figure.figcaption.get_text(" ", strip=True).split("Source:")[0].strip()


# Each edition's build stamp (Makefile: BOOK_STAMP, INSTRUCTOR_STAMP), touched when the edition was last built.
BUILT = {"student": HTML / ".built-from-sources", "instructor": INSTRUCTOR_HTML / ".built-from-sources"}
MAKE = {"student": "make pdf", "instructor": "make pdf-instructor"}


def printed(edition: str) -> Path:
    """The PDF of ``edition`` as make printed it; fails, saying what to run, when it is missing or older than the
    edition it was printed from."""
    pdf = print_edition.OUT / print_edition.EDITIONS[edition][2]
    if not pdf.is_file():
        pytest.fail(f"{pdf} is missing: run `{MAKE[edition]}` (make test does it first).", pytrace=False)
    stamp = BUILT[edition]
    if not stamp.is_file() or pdf.stat().st_mtime < stamp.stat().st_mtime:
        pytest.fail(f"{pdf} is older than the {edition} edition's build: run `{MAKE[edition]}`.", pytrace=False)
    return pdf


@pytest.fixture(scope="module")
def student_pdf():
    return printed("student")


@pytest.fixture(scope="module")
def student_text(student_pdf):
    return _pdf_text(student_pdf)


@pytest.mark.browser
def test_student_pdf_holds_every_lesson_title_and_figure_caption(student_pdf, student_text):
    text = student_text
    pages = [p for p in toc_pages() if p not in print_edition.SCREEN_ONLY]
    missing_titles, missing_captions, captions = [], [], 0
    for page in pages:
        soup = _built(HTML, page)
        title = soup.select_one("article h1").get_text(" ", strip=True).rstrip("#").strip()
        if _flat(title) not in text:
            missing_titles.append(title)
        for figure in soup.select("article figure"):
            if figure.figcaption and _caption_title(figure):
                captions += 1
                if _flat(_caption_title(figure)) not in text:
                    missing_captions.append(f"{page}: {_caption_title(figure)}")
    assert not missing_titles, f"page titles missing from the PDF: {missing_titles}"
    assert captions >= 20, f"only {captions} figure captions found in the built site: has the caption markup changed?"
    assert not missing_captions, f"figure captions missing from the PDF: {missing_captions[:5]}"
    outline = [item.title for item in pypdf.PdfReader(student_pdf).outline if not isinstance(item, list)]
    assert len(outline) >= len(pages), f"the PDF's outline has {len(outline)} entries for {len(pages)} pages"


@pytest.mark.browser
def test_student_pdf_prints_each_quiz_and_its_answers_at_the_end(student_text):
    text = student_text
    answers_start = text.rfind(_flat("Answers to the quizzes"))
    assert answers_start > len(text) // 2, "the quiz answers are not at the end of the PDF"
    body, answers = text[:answers_start], text[answers_start:]
    lessons = [p.split("/")[1].split("_")[0] for p in toc_pages() if re.match(r"notebooks/\d\d", p)]
    for lesson in lessons:
        for q in quiz.resolved(lesson):
            assert _flat(q["question"]) in body, f"{lesson}/{q['id']}: the question is not printed with its lesson"
            if q["type"] != "numeric":
                for a in (a for a in q["answers"] if a["correct"]):
                    assert _flat(a["feedback"]) in answers, (
                        f"{lesson}/{q['id']}: the answer's explanation is not at the end"
                    )
    # the interactive quiz is replaced, not printed beside its paper version
    document = print_edition.document("student")
    assert "data-shufflequestions" not in document and "jq-multiple-choice" not in document, (
        "a jupyterquiz block is left"
    )


@pytest.mark.browser
def test_student_pdf_holds_nothing_of_the_instructors(student_text):
    text = student_text
    leaked = [s for s in instructor.instructor_only_strings() if len(_flat(s)) > 12 and _flat(s) in text]
    assert not leaked, f"instructor-only text in the student PDF: {leaked[:3]}"
    solutions = _solutions()
    printed = [code for code in solutions if code in text]
    assert not printed, f"collapsed challenge solutions reached the student PDF: {printed[:2]}"


def _solutions() -> list[str]:
    """The code of every challenge solution the student site keeps collapsed ("Show solution"), flattened."""
    codes = []
    for page in toc_pages():
        for hidden in _built(HTML, page).select("article details.hide"):
            summary = hidden.find("summary")
            if summary and "Show solution" in summary.get_text() and hidden.select_one("pre"):
                codes.append(_flat(hidden.select_one("pre").get_text()))
    assert len(codes) >= 20, f"only {len(codes)} collapsed solutions found on the student site: has the markup changed?"
    return codes


@pytest.mark.browser
def test_instructor_pdf_holds_the_instructor_pages():
    text = _pdf_text(printed("instructor"))
    assert _flat("Instructor edition: not for students") in text
    assert _flat("Quiz answer key") in text, "the instructor edition's answer keys are missing from its PDF"
    opened = [code for code in _solutions() if code in text]
    assert len(opened) >= 20, f"the instructor PDF prints only {len(opened)} of the challenge solutions"


def test_a_missing_build_says_what_to_run(tmp_path, monkeypatch):
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: book/intro\n", encoding="utf-8")
    monkeypatch.setitem(print_edition.EDITIONS, "student", (tmp_path / "html", toc, "course.pdf", "Student edition"))
    with pytest.raises(FileNotFoundError, match=r"make book"):
        print_edition.document("student")
    assert print_edition.main(["--edition", "student", "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out" / "course.pdf").exists()
