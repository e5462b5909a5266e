"""The print edition: the built site's pages, in the order of the table of contents, as one PDF for paper.

``make pdf`` writes ``_build/pdf/course.pdf`` from the student site and ``make pdf-instructor`` writes
``_build/pdf/course-instructor.pdf`` from the instructor edition. Both read the HTML that ``make book`` (or
``make instructor``) has built, so the PDF holds exactly the pages, charts and tables the site shows, and both are
printed by the Debian Chromium the browser tests use (no LaTeX, no network).

What paper needs that a page does not, and why it is done here rather than by the theme's print style:
- one document, not forty pages printed separately: each page's article is put into one HTML file, its images and
  the site's styles named by their place in the built site;
- the quizzes are interactive (jupyterquiz draws them with JavaScript, one choice at a time): on paper each becomes a
  numbered list of questions with lettered options, and its answers, with the explanation of each, are gathered at
  the end, computed from the question files like the site's feedback;
- controls that do nothing on paper (the explorers' menus and sliders, the boards' buttons, "I've done this"
  boxes, heading anchors) are left out; an explorer prints its default view;
- collapsed cells stay collapsed, that is off paper (the student edition's challenge solutions, a chart's code);
  the instructor edition's solutions, written open, print; hints print open;
- links between the course's pages become links inside the PDF.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from .. import paths
from ..kit import quiz
from .version import version

SITE = paths.ROOT / "_build" / "html"
INSTRUCTOR_SITE = paths.ROOT / "_build" / "instructor-edition" / "_build" / "html"
INSTRUCTOR_TOC = paths.ROOT / "_build" / "instructor-edition" / "_toc.yml"
OUT = paths.ROOT / "_build" / "pdf"
EDITIONS = {  # edition: (site folder, table of contents, PDF name, the title page's line)
    "student": (SITE, paths.ROOT / "_toc.yml", "course.pdf", "Student edition"),
    "instructor": (INSTRUCTOR_SITE, INSTRUCTOR_TOC, "course-instructor.pdf", "Instructor edition: not for students"),
}
# Pages that only work in a browser (the progress page reads what this browser kept).
SCREEN_ONLY = {"book/progress"}
# What does nothing on paper.
DROP = (
    "a.headerlink",
    ".course-explorer-controls",
    ".course-explorer-note",
    ".course-board-reset",
    "button",
    "script",
    ".course-challenge-done",
    ".course-live-note",
    "noscript",
)

PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
html, body { background: #fff !important; color: #111 !important; }
body { font-size: 10.5pt; line-height: 1.4; margin: 0; }
.print-page { break-before: page; }
.print-title { text-align: center; padding-top: 30vh; }
.print-title h1 { font-size: 26pt; }
.print-contents li { margin: 0.15em 0; }
figure, img, table, pre, .print-quiz li { break-inside: avoid; }
img { max-width: 100% !important; height: auto !important; }
pre { white-space: pre-wrap !important; word-break: break-word; font-size: 8.5pt; }
.course-table-wrap, .course-chart-frame, .course-ach-scroll, .pst-scrollable-table-container {
  overflow: visible !important; max-width: 100% !important; }
table { font-size: 8.5pt; width: 100% !important; }
td, th { white-space: normal !important; word-break: break-word; }
details { border: 0; }
details > summary { list-style: none; font-style: italic; }
.print-quiz ol.print-options { list-style: upper-alpha; }
.print-quiz .print-level { font-size: 8pt; color: #444; }
.print-answers dt { font-weight: 700; margin-top: 0.5em; }
.print-answers dd { margin: 0 0 0 1.5em; }
"""


def toc_pages(toc_file: Path) -> list[str]:
    """Every document of a Jupyter Book table of contents, in order, as a path without suffix."""
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [chapter["file"] for chapter in part.get("chapters", [])]
    return pages


def _anchor(page: str) -> str:
    return "page-" + re.sub(r"[^A-Za-z0-9_-]", "-", page)


def _lesson_of(page: str) -> str | None:
    try:
        return paths.lesson_id(Path(page).name + ".ipynb")
    except ValueError:
        return None


def quiz_questions_html(lesson: str) -> str:
    """A lesson's quiz for paper: numbered questions, lettered options, a line for a number; no answers."""
    items = []
    for q in quiz.resolved(lesson):
        level = f"<span class='print-level'>({html.escape(q['level'])})</span>"
        if q["type"] == "numeric":
            body = "<p>Your answer: ____________</p>"
        else:
            many = (
                " (choose all that apply)"
                if q["type"] == "many_choice" and "choose all" not in q["question"].lower()
                else ""
            )
            options = "".join(f"<li>{html.escape(a['answer'])}</li>" for a in q["answers"])
            body = f"{many and f'<p><em>{many.strip()}</em></p>'}<ol class='print-options'>{options}</ol>"
        items.append(f"<li><p>{html.escape(q['question'])} {level}</p>{body}</li>")
    return (
        f"<div class='print-quiz'><p><em>The answers, with the reason for each, are at the end of this "
        f"edition (Answers to the quizzes, lesson {html.escape(lesson)}).</em></p><ol>{''.join(items)}</ol></div>"
    )


def quiz_answers_html(lesson: str) -> str:
    """A lesson's quiz answers for the end of the print edition: the right option(s) by letter, with explanations."""
    rows = []
    for number, q in enumerate(quiz.resolved(lesson), 1):
        if q["type"] == "numeric":
            tolerance = f" (± {q['tolerance']:g} accepted)" if q["tolerance"] else ""
            answer = f"{q['answer']:,.4g}{tolerance}. {html.escape(q['feedback_correct'])}"
        else:
            right = [(chr(65 + i), a) for i, a in enumerate(q["answers"]) if a["correct"]]
            lead = "Either defensible answer, if argued: " if q["type"] == "evaluation" and len(right) > 1 else ""
            answer = lead + " ".join(
                f"<strong>{letter}</strong> ({html.escape(a['answer'])}): {html.escape(a['feedback'])}"
                for letter, a in right
            )
        rows.append(f"<dt>{number}.</dt><dd>{answer}</dd>")
    return f"<dl class='print-answers'>{''.join(rows)}</dl>"


def _article(site: Path, page: str, pages: set[str]) -> tuple[str, str]:
    """One built page's title and its article for paper (see the module's docstring for what changes)."""
    path = site / f"{page}.html"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: build the site first (make book, or make instructor)")
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article") or soup.select_one("main")
    if article is None:
        raise ValueError(f"{path}: no <article> to print (has the theme changed?)")
    # One pass with every selector (soupsieve walks the whole article once per select: one select per selector
    # took half of the print edition's HTML preparation); an element inside one already removed is gone with it.
    for element in article.select(", ".join(DROP)):
        if not element.decomposed:
            element.decompose()
    # A collapsed cell (a challenge's solution in the student edition, a chart's hidden code) stays off paper; one the
    # edition writes open (the instructor edition's solutions) prints. Hints, a ladder on screen, print open.
    for dropdown in article.find_all("details"):
        if dropdown.decomposed:
            continue
        if "hide" in dropdown.get("class", []) and not dropdown.has_attr("open"):
            dropdown.decompose()
        else:
            dropdown["open"] = ""
    lesson = _lesson_of(page)
    for i, placeholder in enumerate(article.select("[data-shufflequestions]")):
        if lesson is None or i:
            raise ValueError(f"{page}: a quiz outside a lesson, or two quizzes on one page: say how to print it")
        placeholder.replace_with(BeautifulSoup(quiz_questions_html(lesson), "html.parser"))
    folder = Path(page).parent
    for link in article.find_all("a", href=True):
        href = link["href"]
        if _is_absolute(href) or href.startswith("#"):
            continue
        target = _site_path(folder, href.split("#")[0]).removesuffix(".html")
        if target in pages:
            link["href"] = "#" + _anchor(target)
        else:  # a download or a browser-only page: a file link would mean nothing on paper
            del link["href"]
    for image in article.find_all("img", src=True):
        if not _is_absolute(image["src"]):
            image["src"] = (site / _site_path(folder, image["src"])).as_uri()
    heading = article.find("h1")
    title = heading.get_text(" ", strip=True) if heading else page
    return title, str(article)


def _is_absolute(url: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", url))


def _site_path(folder: Path, url: str) -> str:
    """A URL relative to a page's folder as a path from the site's root (``notebooks`` + ``../_images/a.png`` gives
    ``_images/a.png``)."""
    parts: list[str] = []
    for part in (folder / url.split("?")[0]).as_posix().split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def document(edition: str = "student") -> str:
    """The print edition of ``edition`` as one HTML document: title page, contents, every page, quiz answers."""
    site, toc_file, _, line = EDITIONS[edition]
    if not toc_file.is_file():
        raise FileNotFoundError(f"{toc_file} is missing: run `make {'book' if edition == 'student' else 'instructor'}`")
    pages = [p for p in toc_pages(toc_file) if p not in SCREEN_ONLY]
    articles = [(page, *_article(site, page, set(pages))) for page in pages]
    head = BeautifulSoup((site / f"{pages[0]}.html").read_text(encoding="utf-8"), "html.parser").head
    styles = "".join(
        f"<link rel='stylesheet' href='{(site / _site_path(Path(pages[0]).parent, link['href'])).as_uri()}'>"
        for link in head.select("link[rel=stylesheet][href]")
        if not _is_absolute(link["href"])
    )
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    course_title = config["title"]
    contents = "".join(f"<li><a href='#{_anchor(p)}'>{html.escape(t)}</a></li>" for p, t, _ in articles)
    body = "".join(f"<section class='print-page' id='{_anchor(p)}'>{a}</section>" for p, _, a in articles)
    lessons = [(p, t) for p, t, _ in articles if _lesson_of(p) and quiz.quiz_path(_lesson_of(p)).is_file()]
    answers = "".join(f"<h2>{html.escape(t)}</h2>{quiz_answers_html(_lesson_of(p))}" for p, t in lessons)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(course_title)} ({html.escape(line)})</title>{styles}<style>{PRINT_CSS}</style></head>"
        f"<body><div class='print-title'><h1>{html.escape(course_title)}</h1><p>{html.escape(line)}</p>"
        f"<p>Version {html.escape(version())}</p></div>"
        f"<section class='print-page print-contents'><h1>Contents</h1><ol>{contents}"
        f"<li><a href='#print-answers'>Answers to the quizzes</a></li></ol></section>{body}"
        f"<section class='print-page' id='print-answers'><h1>Answers to the quizzes</h1>{answers}</section>"
        "</body></html>"
    )


FOOTER = (
    "<div style='font-size:8px;width:100%;text-align:center;color:#444'>"
    "<span class='pageNumber'></span> / <span class='totalPages'></span></div>"
)


def build(edition: str = "student", out_dir: Path = OUT) -> Path:
    """Write the print edition of ``edition`` ("student" or "instructor") as a PDF in ``out_dir``; return its path.
    The HTML it printed is kept beside it (``.html``) for checking a page's layout."""
    from playwright.sync_api import sync_playwright

    from .localsite import CHROMIUM, CHROMIUM_ARGS

    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}: choose one of {sorted(EDITIONS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = out_dir / EDITIONS[edition][2]
    source = pdf.with_suffix(".html")
    source.write_text(document(edition), encoding="utf-8")
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: `make chromium` installs Debian's chromium-headless-shell")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + ["--allow-file-access-from-files"])
        try:
            page = browser.new_page()
            page.goto(source.as_uri(), wait_until="load")
            page.wait_for_function("document.fonts.status === 'loaded' && [...document.images].every(i => i.complete)")
            page.pdf(
                path=str(pdf),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=FOOTER,
                outline=True,
                tagged=True,
                margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
            )
        finally:
            browser.close()
    return pdf


def main(argv: list[str] | None = None) -> int:
    """``python -m course.site.print_edition [--edition student|instructor] [--out DIR]``."""
    parser = argparse.ArgumentParser(description="Print the built site as one PDF (make pdf, make pdf-instructor).")
    parser.add_argument("--edition", choices=sorted(EDITIONS), default="student")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PDF (default: _build/pdf)")
    args = parser.parse_args(argv)
    try:
        pdf = build(args.edition, args.out)
    except (FileNotFoundError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"{args.edition} edition: {pdf} ({pdf.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
