"""The slide decks (course/site/slides.py): decks to lecture from, generated from the executed lessons.

The rule tests run anywhere. The deck tests read what `make slides` and `make slides-instructor` wrote (they need
`make book` first, whose run of the lessons the decks reuse: nothing here executes a lesson), and the browser
tests open the decks in Debian's chromium-headless-shell at 1366×768. make test builds all three first.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course import paths
from course.kit import plots
from course.site import executed, frontmatter, instructor, slides
from course.site.localsite import CHROMIUM, CHROMIUM_ARGS, is_local, serve
from support import LESSONS, ROOT, normalise

STUDENT = ROOT / "_build" / "slides"
INSTRUCTOR = ROOT / "_build" / "instructor-edition" / "slides"
EDITIONS = {"student": STUDENT, "instructor": INSTRUCTOR}
VIEWPORT = {"width": 1366, "height": 768}
MIN_FONT_PX = 18  # the smallest text on a slide, in screen pixels at 1366×768


# ---------------------------------------------------------------- the rule, on small examples


def test_key_sentences_keep_the_first_sentence_and_the_questions():
    text = ("Between 1689 and 1860 Russia and Qing China signed four treaties, e.g. Nerchinsk. "
            "They used rivers. Which rivers did each one use? The table says.")
    assert slides.key_sentences(text) == ("Between 1689 and 1860 Russia and Qing China signed four treaties, e.g. "
                                          "Nerchinsk. Which rivers did each one use?")
    assert slides.key_sentences("**Where the series stops.** The table ends in 2024. More follows.") == \
        "**Where the series stops.** The table ends in 2024."
    assert slides.sentences("Use `a. B` here. Then 1.5 million km². U.S. policy changed.") == \
        ["Use `a. B` here.", "Then 1.5 million km².", "U.S. policy changed."]


def test_citations_read_as_author_and_year():
    assert slides.plain_roles("colours {cite:p}`okabeito2008`") == "colours (Okabe and Ito 2008)"
    assert slides.plain_roles("{cite:t}`feng2022` reports") == "Statecraft (2023) reports"  # an organisation as author
    assert slides.plain_roles("see {doc}`the guide </book/guide>`") == "see the guide"
    with pytest.raises(slides.SlidesError, match="unknown citation key 'nosuchkey'.*references.bib"):
        slides.plain_roles("{cite:p}`nosuchkey`")


def _chart_output():
    fig, ax = plots.new(4, 2)
    ax.plot([1, 2], [1, 2])
    chart = plots.show(fig, caption="Trade by year", source="a named source", alt="A rising line.")
    return new_output("display_data", data={"text/html": chart._repr_html_(), "text/plain": repr(chart)})


def _lesson():
    """A small executed lesson with every kind of cell a deck must handle."""
    skip = {"slideshow": {"slide_type": "skip"}}
    return new_notebook(cells=[
        new_markdown_cell("# A test lesson\n\n**Time:** 10 minutes · **Prerequisites:** None\n\n"
                          "An opening paragraph. Its second sentence.\n\n**Questions:** Why test? How far?"),
        new_markdown_cell("## Learning objectives\n\n1. Read a deck\n2. Trust it\n\n"
                          ":::{admonition} Run it live\n:class: tip\nHow to run the page.\n:::"),
        new_code_cell("from course.kit import plots", metadata=skip, execution_count=1),
        new_markdown_cell("## 1. First section\n\nFirst key sentence. A detail sentence. Is this a question?\n\n"
                          "See the table:"),
        new_code_cell("table = load()\ntable", execution_count=2, outputs=[new_output(
            "execute_result", data={"text/html": "<table><tr><td>raw cell</td></tr></table>", "text/plain": "raw"},
            execution_count=2)]),
        new_code_cell("fig, ax = plots.new()\nplots.show(fig, caption=...)", execution_count=3,
                      outputs=[_chart_output()]),
        new_code_cell("explorers.explorer()", metadata=skip, execution_count=4, outputs=[_chart_output()]),
        new_markdown_cell("**Think:** What does the chart not show?\n\n"
                          ":::{admonition} Check the record\n:class: warning\nThe paper is wrong here. Details.\n:::\n\n"
                          ":::{dropdown} Hint\nA hint that stays on the page.\n:::"),
        new_markdown_cell("### Your turn 99.1: count them\n\nCount the rows. Store the count in `n`.\n\n"
                          "*On the web page:* download the worksheet.", metadata={"tags": ["challenge"]}),
        new_code_cell("n = ...  # your code here", execution_count=5),
        new_code_cell("n = len(table)\ncheck('99.1', n)", metadata=skip, execution_count=6),
        new_markdown_cell("## Key takeaways\n\n- One takeaway.\n- Another."),
        new_markdown_cell("## Discuss\n\n1. First prompt?\n2. Second prompt?"),
        new_markdown_cell("## Sources and further reading\n\n- A source list that stays on the page."),
    ])


def test_a_deck_holds_key_sentences_charts_and_questions_in_order():
    deck = slides.slides(_lesson(), "test lesson")
    kinds = [s.kind for s in deck]
    assert kinds == ["title", "points", "points", "chart", "question", "box", "question", "question", "question",
                     "takeaways"], kinds
    title = deck[0]
    assert title.points == ["Why test?", "How far?"] and "Read a deck" in title.caption
    assert deck[1].points == ["An opening paragraph."]
    assert deck[2].points == ["First key sentence. Is this a question?"], "the key sentences, not the table's intro"
    assert deck[3].caption == "Trade by year" and deck[3].image.startswith("data:image/png;base64,")
    assert deck[3].alt == "A rising line." and deck[3].source == "a named source"
    assert deck[4].kicker == "Think" and deck[5].points == ["The paper is wrong here."]
    assert deck[6].kicker == "Your turn 99.1" and deck[6].points == ["Count the rows. Store the count in <code>n</code>."]
    assert [s.kicker for s in deck[7:9]] == ["Discuss 1 of 2", "Discuss 2 of 2"]
    assert deck[-1].points == ["One takeaway.", "Another."]
    page = slides.render(deck, "A test lesson", edition="student")
    for absent in ("raw cell", "<pre", "<table", "plots.show", "A hint", "A source list", "Run it live", "worksheet",
                   "notes"):
        assert absent not in page, f"{absent!r} reached the deck"


def test_a_long_section_continues_on_the_next_slide():
    nb = _lesson()
    nb.cells[3].source = "## 1. Long\n\n" + "\n\n".join(f"Paragraph {i}." for i in range(1, 7))
    points = [s for s in slides.slides(nb, "test") if s.kind == "points" and s.title.endswith("Long")]
    assert [len(s.points) for s in points] == [slides.MAX_POINTS, 6 - slides.MAX_POINTS]


def test_notes_need_the_lessons_entry():
    with pytest.raises(slides.SlidesError, match="no entry for lesson 99"):
        slides.add_notes(slides.slides(_lesson(), "test"), "99")


# ---------------------------------------------------------------- the built decks


def _deck(edition: str, lesson: str) -> BeautifulSoup:
    path = EDITIONS[edition] / f"{lesson}.slides.html"
    assert path.is_file(), f"no {edition} deck for {lesson}: run `make book`, then `make slides` and `make slides-instructor`"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def secrets() -> list[str]:
    return [normalise(s) for s in instructor.instructor_only_strings()]


@pytest.mark.book
@pytest.mark.parametrize("edition", list(EDITIONS))
def test_every_lesson_has_a_deck(edition):
    missing = [p.stem for p in LESSONS if not (EDITIONS[edition] / f"{p.stem}.slides.html").is_file()]
    assert not missing, f"no {edition} deck for {missing}: run `make slides` and `make slides-instructor`"


@pytest.mark.book
@pytest.mark.parametrize("edition", list(EDITIONS))
@pytest.mark.parametrize("lesson", [p.stem for p in LESSONS])
def test_deck_holds_no_code_and_no_raw_output(edition, lesson):
    soup = _deck(edition, lesson)
    assert not soup.find_all(["pre", "table", "textarea"]), f"{lesson}: a code block or a raw table in the deck"
    assert not soup.select('[class*="input"], [class*="prompt"], [class*="jp-"], [class*="cell"]')
    text = soup.get_text("\n")
    assert not re.search(r"\b(In|Out)\s*\[\d*\]", text), f"{lesson}: an input prompt in the deck"
    nb = nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)
    code = {line.strip() for c in nb.cells if c.cell_type == "code" for line in c.source.splitlines()
            if len(line.strip()) >= 25}
    shown = [line for line in code if line in text]
    assert not shown, f"{lesson}: code lines on the slides: {shown[:3]}"


@pytest.mark.book
@pytest.mark.parametrize("lesson", [p.stem for p in LESSONS])
def test_title_slide_states_the_questions_and_objectives(lesson):
    front = frontmatter.read(ROOT / "notebooks" / f"{lesson}.ipynb")
    first = normalise(str(_deck("student", lesson).select_one(".slides > section")))
    for text in (front.title, *front.questions, *front.objectives):
        assert normalise(slides.inline(slides.plain_roles(text))) in first, f"{lesson}: title slide lacks {text!r}"


@pytest.mark.book
@pytest.mark.parametrize("lesson", [p.stem for p in LESSONS])
def test_deck_shows_each_chart_and_each_question(lesson):
    """One chart slide per chart the book build's run drew outside skipped cells; every Discuss prompt and
    Your turn challenge as a question slide; takeaways last."""
    path = ROOT / "notebooks" / f"{lesson}.ipynb"
    nb = executed.from_book_build(path)
    assert nb is not None, f"{lesson}: the book build's run is missing or stale: run `make book`"
    drawn = sum(o.get("data", {}).get("text/html", "").count('class="course-chart"') for c in nb.cells
                if c.cell_type == "code" and c.metadata.get("slideshow", {}).get("slide_type") != "skip"
                for o in c.get("outputs", []))
    soup = _deck("student", lesson)
    sections = soup.select(".slides > section")
    charts = [s for s in sections if s["data-kind"] == "chart"]
    assert len(charts) == drawn > 0, f"{lesson}: {len(charts)} chart slides for {drawn} charts"
    assert all(s.img["src"].startswith("data:image/") and s.img["alt"].strip() and s.figcaption for s in charts)
    questions = normalise(" ".join(str(s) for s in sections if s["data-kind"] == "question"))
    for prompt in instructor.discuss_prompts(nb):
        assert normalise(slides.inline(slides.plain_roles(prompt))) in questions, f"{lesson}: Discuss prompt missing"
    turns = [c for c in nb.cells if "challenge" in c.metadata.get("tags", []) and c.cell_type == "markdown"]
    for cell in turns:
        number = re.search(r"Your turn (\d\d[a-z]?\.\d+)", cell.source).group(1)
        assert f"Your turn {number}" in questions, f"{lesson}: no slide for Your turn {number}"
    assert sections[-1]["data-kind"] == "takeaways"


@pytest.mark.book
@pytest.mark.parametrize("lesson", [p.stem for p in LESSONS])
def test_student_decks_have_no_notes_and_no_instructor_material(lesson, secrets):
    soup = _deck("student", lesson)
    assert not soup.select("aside.notes"), f"{lesson}: speaker notes in the student deck"
    assert "notes.js" not in str(soup)
    text = normalise(str(soup))
    leaked = [s for s in secrets if s in text]
    assert not leaked, f"{lesson}: instructor-only text in the student deck: {leaked[:3]}"


@pytest.mark.book
@pytest.mark.parametrize("lesson", [p.stem for p in LESSONS])
def test_instructor_decks_carry_the_notes(lesson):
    """The positive control: every model answer and correction of the lesson's notes is in its instructor deck."""
    soup = _deck("instructor", lesson)
    sections = soup.select(".slides > section")
    assert sections[0].select_one("aside.notes") and "Timing plan" in sections[0].select_one("aside.notes").text
    note = instructor.notes()[paths.lesson_id(f"{lesson}.ipynb")]
    notes = normalise(" ".join(str(a) for a in soup.select("aside.notes")))
    for text in list(note["discussion"]) + [fix for _, fix in note["misconceptions"]]:
        assert normalise(slides.inline(slides.plain_roles(text))) in notes, f"{lesson}: note missing: {text[:60]}"
    discuss = [s for s in sections if s.select_one(".kicker") and s.select_one(".kicker").text.startswith("Discuss")]
    assert discuss and all(s.select_one("aside.notes") for s in discuss), f"{lesson}: a Discuss slide without notes"
    assert "notes/notes.js" in str(soup)


# ---------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def deck_browser():
    """One chromium-headless-shell for the module's deck tests (each test opens its own page in a fresh context)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium-headless-shell is missing: run `make chromium`"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def deck_sites():
    """Both editions' decks served on 127.0.0.1, by edition."""
    with serve(STUDENT) as student, serve(INSTRUCTOR) as instructor_:
        yield {"student": student, "instructor": instructor_}


@pytest.mark.browser
@pytest.mark.parametrize("edition", list(EDITIONS))
@pytest.mark.parametrize("lesson", [p.stem for p in LESSONS])
def test_deck_runs_offline(deck_browser, deck_sites, edition, lesson):
    _deck(edition, lesson)
    requests, errors = [], []
    page = deck_browser.new_page(viewport=VIEWPORT)
    try:
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
        page.goto(f"{deck_sites[edition]}/{lesson}.slides.html", wait_until="load")
        page.wait_for_selector(".reveal.ready", timeout=10000)
        slides_ = page.locator(".reveal .slides > section").count()
        first = page.evaluate("Reveal.getIndices().h")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"Reveal.getIndices().h !== {first}", timeout=5000)
        moved = page.evaluate("Reveal.getIndices().h") - first
    finally:
        page.close()
    assert not [u for u in requests if not is_local(u)], f"{lesson}: external requests"
    assert not errors, f"{lesson}: {errors}"
    assert slides_ >= 10 and moved == 1, f"{lesson}: {slides_} slides; the deck must advance"


# Every slide in turn: where its content ends up on the screen, and how small its text is.
MEASURE = """() => {
  const area = document.querySelector('.reveal .slides').getBoundingClientRect();
  const scale = Reveal.getScale();
  return Reveal.getSlides().map((slide, index) => {
    Reveal.slide(index);
    const box = {top: Infinity, left: Infinity, bottom: -Infinity, right: -Infinity};
    const wide = [];
    let smallest = Infinity;
    for (const el of slide.querySelectorAll('*')) {
      if (el.closest('aside.notes')) continue;
      const r = el.getBoundingClientRect();
      if (!r.width && !r.height) continue;
      box.top = Math.min(box.top, r.top); box.left = Math.min(box.left, r.left);
      box.bottom = Math.max(box.bottom, r.bottom); box.right = Math.max(box.right, r.right);
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) wide.push(el.tagName);
      if (el.childNodes.length && [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
        smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize) * scale);
    }
    return {index, title: (slide.querySelector('h1,h2') || slide).textContent.trim().slice(0, 60), box, wide,
            smallest, area: {top: area.top, left: area.left, bottom: area.bottom, right: area.right},
            viewport: {width: innerWidth, height: innerHeight}};
  });
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lesson", [p.stem for p in LESSONS])
def test_no_slide_overflows_at_1366x768(deck_browser, deck_sites, lesson):
    """Every slide's content fits the slide (and so the screen) at 1366×768, nothing is cut at the side, and the
    smallest text is at least MIN_FONT_PX on screen."""
    _deck("student", lesson)
    page = deck_browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(f"{deck_sites['student']}/{lesson}.slides.html", wait_until="load")
        page.wait_for_selector(".reveal.ready", timeout=10000)
        page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
        page.evaluate("document.fonts.ready.then(() => true)")  # the measure needs the fonts a reader sees
        measured = page.evaluate(MEASURE)
    finally:
        page.close()
    assert measured and measured[0]["viewport"] == VIEWPORT
    problems = []
    for m in measured:
        box, area, view = m["box"], m["area"], m["viewport"]
        if box["top"] < max(area["top"], 0) - 1 or box["bottom"] > min(area["bottom"], view["height"]) + 1 \
                or box["left"] < max(area["left"], 0) - 1 or box["right"] > min(area["right"], view["width"]) + 1:
            problems.append(f"slide {m['index']} ({m['title']}): content {box} outside the slide {area}")
        if m["wide"]:
            problems.append(f"slide {m['index']} ({m['title']}): text wider than its box in {m['wide'][:3]}")
        if m["smallest"] < MIN_FONT_PX:
            problems.append(f"slide {m['index']} ({m['title']}): text of {m['smallest']:.0f} px")
    assert not problems, f"{lesson}: " + "; ".join(problems)
