"""The built site in a real browser (Debian chromium via Playwright): offline, no console errors,
figures with alt text, a working quiz and a rendered explorer.

Needs `make book` first (`make test` does it) and /usr/bin/chromium (`make test` installs it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from course.localsite import CHROMIUM, CHROMIUM_ARGS, is_local, serve
from test_book import HTML, INSTRUCTOR_HTML, instructor_toc_pages, toc_pages

pytestmark = pytest.mark.browser

AXE = Axe()
AXE_RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
             "resultTypes": ["violations"]}


@pytest.fixture(scope="module", autouse=True)
def _site_and_browser_present():
    """Fail (never skip) when a browser test runs without its prerequisites; checked at run time, not at import,
    so that `make test-fast` (which deselects these tests) can collect this module on a fresh clone."""
    if not (HTML / "index.html").is_file():
        pytest.fail("The site is not built: run `make book` (make test does it first).", pytrace=False)
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: `make test` installs it with apt-get.", pytrace=False)


@pytest.fixture(scope="module")
def site():
    with serve(HTML) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """Open a page and record every request, failed response and console error on the way."""

    def __init__(self, browser, url):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.requests, self.errors = [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("response", lambda r: self.errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.goto(url, wait_until="networkidle")
        self.page.wait_for_timeout(500)  # widget manager and quiz scripts render after load

    def close(self):
        self.page.close()


@pytest.fixture
def visit(browser, site):
    opened = []

    def _open(page_path):
        v = Visit(browser, f"{site}/{page_path}")
        opened.append(v)
        return v

    yield _open
    for v in opened:
        v.close()


def check_page(v, page: str) -> None:
    """Every page, both editions: offline, no console error or 4xx, images rendered with alt text, one visible H1,
    heading levels that do not skip, and no serious or critical axe-core violation (WCAG 2.1 A/AA, contrast included)."""
    external = [u for u in v.requests if not is_local(u)]
    assert not external, f"{page}: requests leaving 127.0.0.1: {external}"
    assert not v.errors, f"{page}: {v.errors}"
    images = v.page.eval_on_selector_all(
        "img", "els => els.map(e => ({alt: e.getAttribute('alt'), ok: e.complete && e.naturalWidth > 0, src: e.src.slice(0, 60)}))")
    assert all(img["ok"] for img in images), f"{page}: images that did not render: {[i for i in images if not i['ok']]}"
    assert all((img["alt"] or "").strip() for img in images), f"{page}: images without alt text: {[i['src'] for i in images if not (i['alt'] or '').strip()]}"
    # the theme adds a print-only copy of the title (hidden on screen); count what a reader sees
    assert v.page.locator("h1:visible").count() == 1, f"{page}: one visible H1 per page"
    levels = v.page.eval_on_selector_all("main h1, main h2, main h3, main h4, main h5, main h6",
                                         "els => els.filter(e => e.offsetParent !== null).map(e => Number(e.tagName[1]))")
    skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert levels and levels[0] == 1 and not skips, f"{page}: heading levels skip: {skips} in {levels}"
    violations = AXE.run(v.page, options=AXE_RULES).response["violations"]
    bad = [f"{x['id']} ({x['impact']}): {[n['target'] for n in x['nodes'][:3]]}" for x in violations
           if x["impact"] in ("serious", "critical")]
    assert not bad, f"{page}: {bad}"


# The theme's footer under the content (the page also has a previous/next <footer>).
CONTENT_FOOTER = "footer.bd-footer-content"


@pytest.mark.parametrize("page", toc_pages())
def test_student_page(visit, page):
    v = visit(f"{page}.html")
    check_page(v, page)
    footer = v.page.inner_text(CONTENT_FOOTER)
    assert "Boundaries on maps are illustrative" in footer, f"{page}: the map disclaimer is missing from the footer"
    assert "INSTRUCTOR" not in footer, f"{page}: the student site carries the instructor footer"


@pytest.fixture(scope="module")
def instructor_site():
    if not (INSTRUCTOR_HTML / "index.html").is_file():
        pytest.fail("The instructor edition is not built: run `make instructor` (make test does it first).", pytrace=False)
    with serve(INSTRUCTOR_HTML) as base:
        yield base


@pytest.mark.parametrize("page", instructor_toc_pages() or ["(the instructor edition is not built)"])
def test_instructor_page(browser, instructor_site, page):
    v = Visit(browser, f"{instructor_site}/{page}.html")
    try:
        check_page(v, page)
        assert "INSTRUCTOR EDITION" in v.page.inner_text(CONTENT_FOOTER), f"{page}: the instructor footer marks every page"
    finally:
        v.close()


def test_instructor_quiz_still_answers(browser, instructor_site):
    v = Visit(browser, f"{instructor_site}/notebooks/03_trade_and_energy.html")
    try:
        q = _question(v.page, "first pass $100 billion")
        q.locator(".MCButton", has_text="2018").click()
        assert "$107.06 bn" in q.locator(".Feedback").inner_text()
    finally:
        v.close()


def test_index_redirects_to_the_intro_offline(browser, site):
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{site}/index.html")
    page.wait_for_url("**/book/intro.html")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1:visible").inner_text().startswith("Russia–China Relations")
    assert not [u for u in requests if not is_local(u)]
    page.close()


def _question(page, text):
    return page.locator(".Quiz", has_text=text).first


def test_lesson01_quiz_gives_feedback_for_wrong_and_right(visit):
    v = visit("notebooks/01_nerchinsk_to_alliance.html")
    question = _question(v.page, "first treaty, at Nerchinsk")
    question.locator(".MCButton", has_text="1727").click()
    feedback = question.locator(".Feedback")
    assert "Kiakhta" in feedback.inner_text()
    assert "incorrect" in feedback.get_attribute("class")
    question.locator(".MCButton", has_text="1689").click()
    assert "27 August 1689" in feedback.inner_text()
    assert "correct" in feedback.get_attribute("class").split()


def test_lesson01_quiz_numeric_and_keyboard(visit):
    v = visit("notebooks/01_nerchinsk_to_alliance.html")
    numeric = _question(v.page, "how many thousand km")
    box = numeric.locator("input")
    box.fill("1500")
    box.press("Enter")
    assert "600,000 + 400,000" in numeric.locator(".Feedback").inner_text()
    box.fill("1000")
    box.press("Enter")
    assert "Right" in numeric.locator(".Feedback").inner_text()
    keyboard_question = _question(v.page, "Aigun River")
    button = keyboard_question.locator(".MCButton", has_text="The Argun")
    button.focus()
    v.page.keyboard.press("Enter")
    assert "Right" in keyboard_question.locator(".Feedback").inner_text()


def test_lesson01_explorer_and_map_render(visit):
    v = visit("notebooks/01_nerchinsk_to_alliance.html")
    explorer = v.page.locator(".widget-vbox").first
    explorer.scroll_into_view_if_needed()
    assert explorer.is_visible()
    assert explorer.locator(".widget-int-range-slider, .widget-hslider").count() >= 1, "the Years slider renders"
    chart = explorer.locator("img[alt^='Time axis of']")
    assert chart.count() == 1 and chart.evaluate("e => e.naturalWidth") > 0, "the default time-axis chart renders"
    assert "Treaty of Nerchinsk" in explorer.inner_text(), "the default event list renders"
    map_img = v.page.locator("img[alt^='Map of north-east Asia']")
    assert map_img.count() == 1 and map_img.evaluate("e => e.naturalWidth") > 300


# Lessons 02-08: one multiple-choice question per lesson, answered wrong then right, and the charts.
LESSON_QUIZ_CHECKS = [
    ("notebooks/02_split_and_normalisation", "Zhenbao (Damansky) Island", "1960", "advisers went home", "1969", "2 March 1969"),
    ("notebooks/02_split_and_normalisation", "promised sample atomic bomb", "China's war with India", "three years later",
     "The test-ban talks", "Shen Zhihua and Xia Yafeng"),
    ("notebooks/03_trade_and_energy", "first pass $100 billion", "2014", "fell by more than a quarter", "2018", "$107.06 bn"),
    ("notebooks/04_arms_and_diplomacy", "trend-indicator value (TIV) measure", "The price paid", "not a financial value",
     "The volume of military capability", "not what the buyer paid"),
    ("notebooks/05_limits_of_partnership", "stayed above Russia's in the World Bank table", "2010", "about four times", "1993",
     "only two years after"),
    ("notebooks/06_war_sanctions_no_limits", "highest value in the course table", "2022", "fastest growth", "2024",
     "only 2.0% above 2023"),
    ("notebooks/07_weighing_the_evidence", "which hypothesis do you provisionally prefer", "The one with the most consistent",
     "confirming evidence", "The one with the least evidence inconsistent", "Heuer's point"),
    ("notebooks/08_implications_for_india", "What does the SIPRI register in this course actually record?",
     "Nothing: the transfer is only", "194 RD-33 turbofans", "Russian RD-33 turbofans sold to Pakistan", "a Russian sale to Pakistan"),
]


@pytest.mark.parametrize("page,question,wrong,wrong_says,right,right_says", LESSON_QUIZ_CHECKS, ids=lambda v: v.split("/")[-1][:2] if "/" in v else None)
def test_lesson_quiz_feedback(visit, page, question, wrong, wrong_says, right, right_says):
    v = visit(f"{page}.html")
    q = _question(v.page, question)
    feedback = q.locator(".Feedback")
    q.locator(".MCButton", has_text=wrong).click()
    assert wrong_says in feedback.inner_text() and "incorrect" in feedback.get_attribute("class")
    q.locator(".MCButton", has_text=right).click()
    assert right_says in feedback.inner_text() and "correct" in feedback.get_attribute("class").split()


@pytest.mark.parametrize("page,min_charts,explorer_alt", [
    ("notebooks/02_split_and_normalisation", 2, "Time axis of"),
    ("notebooks/03_trade_and_energy", 3, None),
    ("notebooks/04_arms_and_diplomacy", 6, "Bar chart of arms deliveries from Russia to China"),
    ("notebooks/05_limits_of_partnership", 3, "Horizontal bars of GDP in 2023"),
    ("notebooks/06_war_sanctions_no_limits", 5, "Bars of Russia–China trade, 2019–2025"),
    ("notebooks/07_weighing_the_evidence", 1, "Horizontal bars counting the evidence"),
    ("notebooks/08_implications_for_india", 4, "Horizontal bars of policy options"),
    ("notebooks/capstone_memo", 3, None),
], ids=lambda v: v.split("/")[-1][:2] if isinstance(v, str) and "/" in v else None)
def test_lesson_charts_and_explorer_render(visit, page, min_charts, explorer_alt):
    v = visit(f"{page}.html")
    charts = v.page.locator("figure.course-chart img")
    assert charts.count() >= min_charts
    widths = charts.evaluate_all("els => els.map(e => e.naturalWidth)")
    assert all(w > 200 for w in widths), f"{page}: a chart did not render: {widths}"
    if page.endswith("capstone_memo"):
        return  # a workspace: charts, no explorer
    explorer = v.page.locator(".widget-vbox").first
    explorer.scroll_into_view_if_needed()
    assert explorer.is_visible() and "run the lesson live" in explorer.inner_text()
    if explorer_alt:
        img = explorer.locator(f"img[alt^='{explorer_alt}']")
        assert img.count() == 1 and img.evaluate("e => e.naturalWidth") > 200, "the explorer's default chart renders"
    else:
        assert "a year compounded" in explorer.inner_text(), "the growth explorer shows its default result"


def test_lesson07_board_shows_ratings_and_verdict(visit):
    v = visit("notebooks/07_weighing_the_evidence.html")
    board = v.page.locator(".widget-vbox", has_text="Least inconsistent").first
    board.scroll_into_view_if_needed()
    assert board.locator("select").count() == 27 * 4, "one rating menu per item and hypothesis (A01–A27)"
    assert "Least inconsistent: An enduring alignment" in board.inner_text()
    assert board.locator("select").first.evaluate("e => e.value") in ("C", "I", "N")


ICON_JS = """() => {
  const shown = [...document.querySelectorAll('i.fa-magnifying-glass, i.fa-download, i.fa-rocket')]
    .filter(i => i.getBoundingClientRect().width > 0);
  if (!shown.length) return {content: '', family: '', width: 0, loaded: false};
  const icon = shown[0];
  const before = getComputedStyle(icon, '::before');
  return {content: before.content, family: before.fontFamily, width: icon.getBoundingClientRect().width,
          loaded: document.fonts.check('900 16px "Font Awesome 6 Free"')};
}"""


def test_theme_icons_draw_from_the_webfont_without_the_fontawesome_script(visit):
    """The site serves a stub instead of the theme's 1.4 MB fontawesome.js (course/sphinx_site.py): the icons
    must still be drawn, from the webfont the theme's stylesheet declares."""
    assert (HTML / "_static" / "scripts" / "fontawesome.js").stat().st_size < 2000, "the stub is not served"
    v = visit("notebooks/03_trade_and_energy.html")
    v.page.evaluate("document.fonts.ready")
    icon = v.page.evaluate(ICON_JS)
    assert icon["content"] not in ("", "none", "normal") and "Font Awesome" in icon["family"], icon
    assert icon["loaded"] and icon["width"] > 0, icon


SOLUTION = "details:has(summary:has-text('Show solution'))"


def test_challenge_solution_is_one_click_away_on_the_student_site(visit):
    v = visit("notebooks/03_trade_and_energy.html")
    code = "first_200 = turnover[turnover.value_usd_bn >= 200].year.min()"
    first = v.page.locator(SOLUTION).first
    assert first.get_attribute("open") is None, "a solution starts closed"
    assert not v.page.get_by_text(code).is_visible(), "the solution code is hidden until asked for"
    assert v.page.get_by_text("Hint", exact=True).first.is_visible(), "the hint's dropdown is on the page"
    first.locator("summary").click()
    v.page.wait_for_timeout(200)
    assert v.page.get_by_text(code).is_visible(), "one click shows the solution"


def test_instructor_edition_shows_challenge_solutions_open(browser, instructor_site):
    v = Visit(browser, f"{instructor_site}/notebooks/03_trade_and_energy.html")
    try:
        solutions = v.page.locator(SOLUTION)
        assert solutions.count() == 4 and all(solutions.nth(i).get_attribute("open") is not None for i in range(4))
        assert v.page.get_by_text("first_200 = turnover[turnover.value_usd_bn >= 200].year.min()").is_visible()
    finally:
        v.close()
