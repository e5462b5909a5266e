"""The reading list (data/readings.csv): every session of Plan A has a required reading, the list spans Chinese,
Russian, Indian and Western authors, every entry is in the bibliography with the same title and year and says how it
was verified, and the Readings page and each lesson's "What next" follow the table."""

from __future__ import annotations

import re

import pytest

from course import paths
from course.kit import data
from course.site import nextsteps, readings
from support import LESSONS, ROOT, toc_pages

AUTHORS = {"chinese", "russian", "indian", "western"}


@pytest.fixture(scope="module")
def table():
    return data.load("readings")


def _plan_a() -> dict[int, list[str]]:
    """Session number → the lessons its in-class column names (the role-play session names none)."""
    guide = (ROOT / "book" / "instructor-guide.md").read_text(encoding="utf-8")
    plan = guide.split("## Plan A", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|") for line in plan.splitlines() if re.match(r"\| \d+ \|", line)]
    return {int(r[1]): re.findall(r"[Ll]esson (\d\d[a-z]?), \*", r[2]) for r in rows}


def test_every_session_of_plan_a_has_a_required_reading(table):
    plan = _plan_a()
    assert sorted(plan) == sorted(table.session.unique()), "one set of readings per session of Plan A"
    required = table[table.status == "required"].groupby("session").size()
    assert set(required.index) == set(plan), (
        f"sessions with no required reading: {sorted(set(plan) - set(required.index))}"
    )


def test_each_session_lists_the_lessons_plan_a_gives_it(table):
    plan = _plan_a()
    for session, rows in table.groupby("session"):
        lessons = {lesson.strip() for value in rows.lessons for lesson in value.split(";")}
        expected = set(plan[session]) or {readings.ROLEPLAY}
        assert lessons <= expected and lessons & expected, f"session {session}: lists {lessons}, Plan A has {expected}"
    every = {lesson.strip() for value in table.lessons for lesson in value.split(";")}
    assert {paths.lesson_id(p) for p in LESSONS} <= every, "every lesson has its session's readings"


def test_the_list_spans_chinese_russian_indian_and_western_authors(table):
    authored = table[table.perspective.isin(AUTHORS)]
    assert set(authored.perspective) == AUTHORS
    assert set(table[table.status == "required"].perspective) >= AUTHORS, "required readings from all four standpoints"
    assert (authored.groupby("perspective").bib_key.nunique() >= 3).all(), "at least three works from each standpoint"
    assert set(table.kind) == {"academic", "analysis", "primary"}


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("&", "and"))


def test_every_reading_is_in_the_bibliography_with_its_title_and_year(table):
    entries = readings.bib_entries()
    for row in table.itertuples():
        assert row.bib_key in entries, f"{row.bib_key}: add it to book/references.bib"
        entry = entries[row.bib_key]
        assert entry["year"] == str(row.year), (
            f"{row.bib_key}: year {row.year} in the table, {entry['year']} in the .bib"
        )
        mine, theirs = _plain(row.title), _plain(entry["title"])
        assert mine[:30] in theirs or theirs[:30] in mine, (
            f"{row.bib_key}: titles differ: {row.title!r} / {entry['title']!r}"
        )


def test_every_reading_says_how_it_was_verified(table):
    for row in table.itertuples():
        assert re.search(r"https?://\S+", row.verified), f"{row.bib_key}: name the page that confirmed it"
        assert row.verified.startswith(("search (pages corpus): ", "course bibliography", "course fact check")), (
            row.verified
        )
        if isinstance(row.link, str):
            assert row.link.startswith(("https://", "http://")), f"{row.bib_key}: the link is an address"
    assert not table.duplicated(["session", "bib_key"]).any()


def test_the_page_follows_the_table_and_labels_each_lesson(table):
    text = readings.PAGE.read_text(encoding="utf-8")
    assert text == readings.page(), "book/readings.md is out of date: run python -m course.site.readings"
    assert text.startswith("# Readings\n") and text.count("\n# ") == 0
    for row in table.itertuples():
        assert f"{{cite:p}}`{row.bib_key}`" in text
    for lesson in [paths.lesson_id(p) for p in LESSONS] + [readings.ROLEPLAY]:
        assert f"({readings.label(lesson)})=" in text
    assert "book/readings" in toc_pages() and "book/source-articles" in toc_pages()


def test_what_next_links_the_sessions_readings():
    docs, declared = toc_pages(), nextsteps.load()
    for doc in nextsteps.lesson_docs(docs):
        lesson = nextsteps.LESSON_DOC.fullmatch(doc).group(1)
        assert f"<readings-{lesson}>`" in nextsteps.markdown(doc, docs, declared)
    alone = nextsteps.markdown("notebooks/03_trade_and_energy", ["notebooks/03_trade_and_energy"], declared)
    assert "readings-" not in alone, "no link to a page the build does not have"
