"""The book's Readings page, written from ``data/readings.csv``: each session's required and optional readings.

``python -m course.site.readings`` rewrites ``book/readings.md``; ``tests/test_readings.py`` fails when the page and
the table differ, so an edit of the table is one command away from the page. Each lesson's "What next" links its
session's section (:mod:`course.site.nextsteps`), whose label is ``readings-<lesson>`` (``readings-roleplay`` for
the role-play session).
"""

from __future__ import annotations

import re
import sys

from pybtex.database import parse_file

from .. import paths
from ..kit import data
from . import frontmatter

PAGE = paths.BOOK / "readings.md"
BIBLIOGRAPHY = paths.BOOK / "references.bib"
PERSPECTIVES = {
    "chinese": "Chinese",
    "russian": "Russian",
    "indian": "Indian",
    "western": "Western",
    "joint": "joint (signed by both governments)",
    "international": "international body",
}
ROLEPLAY = "roleplay"


def label(lesson: str) -> str:
    """The page label of a lesson's (or the role-play's) session section."""
    return f"readings-{lesson}"


def bib_entries() -> dict[str, dict]:
    """Each entry of ``book/references.bib``: its title (braces and TeX quotes removed) and year."""
    entries = parse_file(str(BIBLIOGRAPHY), bib_format="bibtex").entries

    def plain(text: str) -> str:
        return re.sub(
            r"\s+",
            " ",
            text.replace("{", "")
            .replace("}", "")
            .replace("``", "")
            .replace("''", "")
            .replace("--", "–")
            .replace("\\", ""),
        ).strip()

    return {
        key: {"title": plain(e.fields.get("title", "")), "year": e.fields.get("year", "")} for key, e in entries.items()
    }


def _lesson_titles() -> dict[str, str]:
    return {paths.lesson_id(p): frontmatter.read(p).title for p in paths.lessons()}


def _item(row) -> str:
    link = f" <{row.link}>" if isinstance(row.link, str) and row.link else ""
    return (
        f"- {row.authors}, *{row.title}*, {row.published_in}, {row.year}.{link} {{cite:p}}`{row.bib_key}`  \n"
        f"  *{row.kind.capitalize()} · {PERSPECTIVES[row.perspective]}: {row.perspective_basis}.* "
        f"Why now: {row.why}."
    )


def page() -> str:
    """The Markdown of ``book/readings.md``."""
    readings, titles = data.load("readings"), _lesson_titles()
    counts = readings.drop_duplicates("bib_key").perspective.value_counts()
    summary = ", ".join(f"{counts[p]} {PERSPECTIVES[p]}" for p in PERSPECTIVES if p in counts)
    out = [
        "# Readings",
        "",
        "What to read for each session of the ten-session plan (*Plan A* of the {doc}`instructor-guide`): the "
        "**required** readings first (a chapter or an article's worth, before or after the session, as the "
        "instructor says), then **optional** ones for a student who wants more. They are academic works, analyses "
        "and primary texts (treaties, joint statements, documents), written from different standpoints: "
        f"{summary} works in all. Each entry says where its author wrote from, so that you can ask what that "
        "standpoint lets a writer see, and what it hides.",
        "",
        "Every entry was checked against a publisher's page, a review or a library record before it was listed, "
        "and anything that could not be checked was left out: the table `data/readings.csv` names the page that "
        "confirmed each one (its `verified` column). Full references are in the {doc}`bibliography`. The two "
        "source articles are not on this list: their own words, claim by claim, are on {doc}`source-articles`.",
        "",
    ]
    for session, rows in readings.groupby("session", sort=True):
        lessons = [lesson.strip() for lesson in rows.lessons.iloc[0].split(";")]
        out += [f"({label(lesson)})=" for lesson in lessons]
        if lessons == [ROLEPLAY]:
            out += [f"## Session {session}: the role-play", "", "For the Vladivostok round ({doc}`roleplay`).", ""]
        else:
            named = "; ".join(f"lesson {lesson}, *{titles[lesson]}*" for lesson in lessons)
            out += [f"## Session {session}: {named}", ""]
        for status in ("required", "optional"):
            chosen = rows[rows.status == status]
            if len(chosen):
                out += [f"**{status.capitalize()}**", ""] + [_item(r) for r in chosen.itertuples()] + [""]
    return "\n".join(out).rstrip() + "\n"


def write() -> None:
    """Rewrite ``book/readings.md`` from the table."""
    PAGE.write_text(page(), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 1:
        sys.exit("usage: python -m course.site.readings  (rewrites book/readings.md from data/readings.csv)")
    write()
    print(f"wrote {PAGE.relative_to(paths.ROOT)}")
