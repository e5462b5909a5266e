"""`make slides`: every lesson has a reveal.js deck that works offline (needs `make slides`; make test runs it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.site.localsite import CHROMIUM, CHROMIUM_ARGS, is_local, serve
from support import LESSONS, ROOT

pytestmark = pytest.mark.browser
SLIDES = ROOT / "_build" / "slides"


def test_every_lesson_has_a_deck():
    missing = [p.stem for p in LESSONS if not (SLIDES / f"{p.stem}.slides.html").is_file()]
    assert not missing, f"no slide deck for {missing}: run `make slides`"


@pytest.mark.parametrize("lesson", [p.stem for p in LESSONS])
def test_deck_runs_offline(lesson):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists()
    requests, errors = [], []
    with serve(SLIDES) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
        page.goto(f"{base}/{lesson}.slides.html", wait_until="networkidle")
        page.wait_for_selector(".reveal.ready", timeout=10000)
        slides = page.locator(".reveal .slides > section").count()
        present = "Array.from(document.querySelectorAll('.reveal .slides > section')).findIndex(s => s.classList.contains('present'))"
        first = page.evaluate(present)
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(500)
        moved = page.evaluate(present) - first
        browser.close()
    assert not [u for u in requests if not is_local(u)], f"{lesson}: external requests"
    assert not errors, f"{lesson}: {errors}"
    assert slides >= 5 and moved == 1, f"{lesson}: {slides} slides; the deck must advance"
