"""The book builds with warnings as errors, and every page in the table of contents is in the site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support import HTML, ROOT, toc_pages


@pytest.mark.book
def test_book_builds_with_warnings_as_errors():
    jb = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run([str(jb), "build", ".", "-W", "--keep-going"], cwd=ROOT,
                            capture_output=True, text=True, timeout=900)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    # Sphinx writes "WARNING: …"; a kernel's own "[IPKernelApp] WARNING | …" log line is not a build warning.
    sphinx_warnings = [line for line in log.splitlines() if "WARNING: " in line]
    assert not sphinx_warnings, sphinx_warnings[:10]


@pytest.mark.book
@pytest.mark.parametrize("page", toc_pages())
def test_every_toc_page_is_built(page):
    assert (HTML / f"{page}.html").is_file(), f"{page} is in _toc.yml but was not built"


@pytest.mark.book
def test_data_sources_page_is_generated_from_the_package():
    from course.kit import data
    text = (HTML / "book" / "data-sources.html").read_text(encoding="utf-8")
    for name in data.tables():
        assert f"<code>{name}</code>" in text, f"{name} missing from the Data sources page"


@pytest.mark.book
def test_capstone_rubric_and_roleplay_pages():
    rubric = (HTML / "book" / "capstone.html").read_text(encoding="utf-8")
    for criterion in ("Stance", "Evidence", "Reading of the partnership", "Counter-argument", "Writing", "Rubric (20 points)"):
        assert criterion in rubric, f"capstone page: {criterion!r} missing"
    roleplay = (HTML / "book" / "roleplay.html").read_text(encoding="utf-8")
    for part in ("Scenario card", "India", "Russia", "China", "United States", "Rounds", "Debrief questions"):
        assert part in roleplay, f"role-play page: {part!r} missing"
