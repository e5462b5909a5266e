"""The version has one home (pyproject.toml); the citation, the changelog and the site's footer agree with it."""

from __future__ import annotations

import re

import pytest
import yaml

from course.site.version import version

from support import HTML, ROOT


def test_citation_names_the_current_version():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert citation["version"] == version(), "bump CITATION.cff's version with pyproject.toml's"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(citation["date-released"]))


def test_the_changelog_opens_with_the_current_version():
    headings = re.findall(r"^## (\S+) — .*\((\d{4}-\d{2}-\d{2})\)$", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"),
                          re.M)
    assert headings, "CHANGELOG.md needs '## <version> — <name> (<YYYY-MM-DD>)' headings"
    assert headings[0][0] == version(), f"CHANGELOG.md's newest entry is {headings[0][0]}; add one for {version()}"
    dates = [date for _, date in headings]
    assert dates == sorted(dates, reverse=True), "newest first"
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(citation["date-released"]) == dates[0]


@pytest.mark.book
def test_the_site_shows_the_version_and_the_updates_page():
    page = (HTML / "book" / "intro.html").read_text(encoding="utf-8")
    assert f"Course version {version()}" in page
    updates = (HTML / "book" / "updates.html").read_text(encoding="utf-8")
    assert version() in updates and "December 2026 edition" in updates
