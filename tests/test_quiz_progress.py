"""Quiz progress in a real browser (Debian's chromium-headless-shell via Playwright), without a built site: a lesson page made of the
quiz exactly as ``quiz.show`` displays it plus the site's ``course-progress.js``, and a "Your progress" page fed as
the Sphinx extension feeds it. Answers are kept under question ids; answers a browser kept under a question's text
(before ids) move to the id once, on the lesson page and on the progress page; an evaluation item takes one pick.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from course import paths
from course.kit import quiz
from course.site.localsite import CHROMIUM, CHROMIUM_ARGS, is_local, serve

pytestmark = pytest.mark.browser

KEY = "russia-china-course-progress"
LESSON = "notebooks/01_nerchinsk_to_alliance"
SCRIPT = paths.ROOT / "course" / "site" / "static" / "course-progress.js"


def quiz_fragment(lesson: str, monkeypatch) -> str:
    """The HTML and scripts ``quiz.show(lesson)`` puts in a notebook's output, as one page fragment."""
    import IPython.display
    import jupyterquiz.dynamic.display as jq

    shown = []
    monkeypatch.setattr(jq, "display", lambda *objs: shown.extend(objs))
    monkeypatch.setattr(IPython.display, "display", lambda *objs: shown.extend(objs))
    quiz.show(lesson)
    parts = []
    for obj in shown:
        kind = type(obj).__name__
        parts.append(obj.data if kind == "HTML" else f"<script>{obj.data}</script>")
    return "\n".join(parts)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium-headless-shell is missing: `make chromium` (part of `make test`) installs it with apt-get.", pytrace=False)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A two-page site in a temporary folder: lesson 01 with its quiz, and the progress page."""
    shutil.copy(SCRIPT, tmp_path / SCRIPT.name)
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "book").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><html><head><link rel=\"icon\" href=\"data:,\"></head><body>root</body></html>", encoding="utf-8")
    (tmp_path / f"{LESSON}.html").write_text(
        '<!doctype html><html data-content_root="../"><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><main>'
        + quiz_fragment("01", monkeypatch) + '</main><script src="../course-progress.js"></script></body></html>',
        encoding="utf-8")
    lessons = [{"page": f"notebooks/{n}_x" if n != "01" else LESSON, "title": f"Lesson {n}", "questions": len(keys),
                "quiz": keys, "challenges": 0} for n, keys in (("01", quiz.progress_keys("01")), ("03", quiz.progress_keys("03")))]
    (tmp_path / "book" / "progress.html").write_text(
        '<!doctype html><html data-content_root="../"><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><main>'
        f'<div id="course-progress-page" data-lessons="{html.escape(json.dumps(lessons), quote=True)}" data-root="../"></div>'
        '</main><script src="../course-progress.js"></script></body></html>', encoding="utf-8")
    with serve(tmp_path) as base:
        yield base


def _page(browser, base):
    page = browser.new_page()
    errors, requests = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base}/index.html")
    return page, errors, requests


def _stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')") or "{}")


ENTRY = """([key, lesson, qid]) => JSON.stringify(
    (((JSON.parse(localStorage.getItem(key) || '{}').pages || {})[lesson] || {}).quiz || {})[qid] || null)"""


def _entry(page, qid: str) -> str:
    """What the page keeps for question ``qid`` of the lesson, as JSON ("null" when nothing)."""
    return page.evaluate(ENTRY, [KEY, LESSON, qid])


def _wait_stored(page, qid: str, before: str = "null") -> None:
    """Wait (5 s at most) until what the page keeps for ``qid`` differs from ``before`` (taken before the click)
    and is marked right: the callers then check the rest of what was kept."""
    page.wait_for_function(f"args => {{ const now = ({ENTRY})(args); return now !== args[3] && JSON.parse(now).correct; }}",
                           arg=[KEY, LESSON, qid, before], timeout=5000)


def _seed(page, pages: dict) -> None:
    page.evaluate(f"localStorage.setItem('{KEY}', {json.dumps(json.dumps({'version': 1, 'pages': pages}))})")


NERCHINSK_TEXT = "When did Russia and Qing China sign their first treaty, at Nerchinsk?"
OLD_YEARS_TEXT = "How many years passed between the Treaty of Nerchinsk and the Treaty of Aigun?"  # a former wording
RETIRED_TEXT = "In which year did Russia lease Port Arthur and found Harbin?"  # a question since removed


def test_answers_kept_under_question_text_move_to_ids_once(browser, site):
    page, errors, requests = _page(browser, site)
    years = next(q for q in quiz.resolved("01") if q["id"] == "years-stable")
    assert OLD_YEARS_TEXT in years["former_texts"] and years["question"] != OLD_YEARS_TEXT
    _seed(page, {LESSON: {"quiz": {
        NERCHINSK_TEXT: {"answers": ["1689"], "numeric": False, "correct": True},
        OLD_YEARS_TEXT: {"answers": [f"{years['answer']:.0f}"], "numeric": True, "correct": True},
        RETIRED_TEXT: {"answers": ["1898"], "numeric": False, "correct": True},
    }}})
    page.goto(f"{site}/{LESSON}.html", wait_until="networkidle")
    page.wait_for_function("document.querySelectorAll('.Quiz .Feedback.correct').length >= 2", timeout=5000)
    kept = _stored(page)["pages"][LESSON]["quiz"]
    assert set(kept) == {"nerchinsk-year", "years-stable", RETIRED_TEXT}, kept
    assert kept["nerchinsk-year"]["answers"] == ["1689"] and kept["years-stable"]["correct"]
    nerchinsk = page.locator(".Quiz", has=page.locator('[data-qid="nerchinsk-year"]'))
    assert "correctButton" in nerchinsk.locator(".MCButton", has_text="1689").get_attribute("class")

    # a new answer is kept under its id; a reload restores every answer from the ids
    page.locator(".Quiz", has=page.locator('[data-qid="kiakhta-river"]')).locator(".MCButton", has_text="The Argun").click()
    _wait_stored(page, "kiakhta-river")
    assert _stored(page)["pages"][LESSON]["quiz"]["kiakhta-river"]["correct"]
    page.reload(wait_until="networkidle")
    page.wait_for_function("document.querySelectorAll('.Quiz .Feedback.correct').length >= 3", timeout=5000)
    assert set(_stored(page)["pages"][LESSON]["quiz"]) == {"nerchinsk-year", "years-stable", "kiakhta-river", RETIRED_TEXT}
    assert not errors, errors
    assert all(is_local(u) for u in requests), [u for u in requests if not is_local(u)]
    page.close()


def test_an_id_already_answered_keeps_the_newer_answer(browser, site):
    page, errors, _ = _page(browser, site)
    _seed(page, {LESSON: {"quiz": {
        NERCHINSK_TEXT: {"answers": ["1727"], "numeric": False, "correct": False},  # old, under the text
        "nerchinsk-year": {"answers": ["1689"], "numeric": False, "correct": True},  # newer, under the id
    }}})
    page.goto(f"{site}/{LESSON}.html", wait_until="networkidle")
    page.wait_for_function("document.querySelectorAll('.Quiz .Feedback.correct').length >= 1", timeout=5000)
    assert _stored(page)["pages"][LESSON]["quiz"] == {"nerchinsk-year": {"answers": ["1689"], "numeric": False, "correct": True}}
    assert not errors, errors
    page.close()


def test_the_progress_page_moves_and_counts_answers_by_id(browser, site):
    page, errors, _ = _page(browser, site)
    first_100 = next(q for q in quiz.resolved("03") if q["id"] == "first-100")
    _seed(page, {"notebooks/03_x": {"quiz": {
        first_100["question"]: {"answers": ["2018"], "numeric": False, "correct": True},
        "A question since retired?": {"answers": ["x"], "numeric": False, "correct": True},
    }}})
    page.goto(f"{site}/book/progress.html", wait_until="networkidle")
    row = page.locator("tr[data-page='notebooks/03_x'] .course-progress-quiz")
    assert row.inner_text() == f"1 / {len(quiz.resolved('03'))}", "the retired question's answer is kept, not counted"
    kept = _stored(page)["pages"]["notebooks/03_x"]["quiz"]
    assert set(kept) == {"first-100", "A question since retired?"}
    assert not errors, errors
    page.close()


def test_an_evaluation_item_takes_one_defensible_pick(browser, site):
    """jupyterquiz would count two right options as 'choose all' ([1/2]); one defensible pick is a right answer."""
    page, errors, _ = _page(browser, site)
    page.goto(f"{site}/{LESSON}.html", wait_until="networkidle")
    item = next(q for q in quiz.resolved("01") if q["type"] == "evaluation")
    question = page.locator(".Quiz", has=page.locator(f'[data-qid="{item["id"]}"]'))
    feedback = question.locator(".Feedback")
    assert question.locator(".MultipleChoiceQn").count() == 1 and question.locator(".ManyChoiceQn").count() == 0
    defensible = [a for a in item["answers"] if a["correct"]]
    wrong = next(a for a in item["answers"] if not a["correct"])
    question.locator(".MCButton", has_text=wrong["answer"][:40]).click()
    assert "incorrect" in feedback.get_attribute("class")
    for option in defensible:
        before = _entry(page, item["id"])
        question.locator(".MCButton", has_text=option["answer"][:40]).click()
        text = feedback.inner_text()
        assert option["feedback"][:40] in text and "[" not in text, text
        assert "correct" in feedback.get_attribute("class").split()
        _wait_stored(page, item["id"], before)
        assert _stored(page)["pages"][LESSON]["quiz"][item["id"]]["correct"]
    assert not errors, errors
    page.close()
