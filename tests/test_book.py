"""The book builds with warnings as errors, and every page in the table of contents is in the site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support import HTML, ROOT, toc_pages


# What the student site is built from (book/instructor/_generated/ is the instructor edition's, written later).
SOURCES = ("_config.yml", "_toc.yml", "book", "notebooks", "data", "exercises", "course")


def _newest_source() -> float:
    return max(p.stat().st_mtime for name in SOURCES for p in [ROOT / name, *(ROOT / name).rglob("*")]
               if p.is_file() and not {"__pycache__", "_generated", ".ipynb_checkpoints"} & set(p.parts))


def _sphinx_warnings(log: str) -> list[str]:
    # Sphinx writes "WARNING: …"; a kernel's own "[IPKernelApp] WARNING | …" log line is not a build warning.
    return [line for line in log.splitlines() if "WARNING: " in line]


@pytest.mark.book
def test_book_builds_with_warnings_as_errors():
    """The log of the build that made _build/html (`make book` keeps it) says it succeeded without a warning.
    Only when there is no such log, or a source changed after it, does this test build the book itself."""
    log_file = ROOT / "_build" / "book.log"
    if not log_file.is_file() or log_file.stat().st_mtime < _newest_source():
        jb = Path(sys.executable).parent / "jupyter-book"
        result = subprocess.run([str(jb), "build", ".", "-W", "--keep-going"], cwd=ROOT,
                                capture_output=True, text=True, timeout=900)
        log_file.parent.mkdir(exist_ok=True)
        log_file.write_text(result.stdout + result.stderr, encoding="utf-8")
        assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    log = log_file.read_text(encoding="utf-8")
    assert "build succeeded" in log, log[-3000:]
    assert not _sphinx_warnings(log), _sphinx_warnings(log)[:10]


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
