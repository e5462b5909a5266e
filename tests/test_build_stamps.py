"""The Makefile's build stamps: `make test` after `make book` rebuilds nothing that is up to date, and any change to
what a build reads (a file edited, added or removed) rebuilds it. Checked with `make -n` in a throwaway clone whose
stamps are made newer than its files, so neither the real tree nor its builds are touched."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from support import ROOT

# Each build, and the command that shows make would run it.
BUILDS = {
    "book": "jupyter-book build . -W",
    "instructor": "--path-output _build/instructor-edition",
    "slides": "course.site.slides\n",
    "slides-instructor": "course.site.slides --instructor",
    "pdf": "print_edition --edition student",
    "pdf-instructor": "print_edition --edition instructor",
    "hub-image": "-r .binder/requirements.txt",
}
# What any source feeds: every build but the hub image's requirements layer, which only its requirements do.
FROM_SOURCES = set(BUILDS) - {"hub-image"}
# The stamps of a clone that has built everything (the venv's, the cache guards', the reveal.js copy's, the builds').
STAMPS = [
    ".venv/.installed",
    "_build/.kit-stamp",
    "_build/.site-stamp",
    "_build/slides/lib/.stamp",
    "_build/html/.built-from-sources",
    "_build/instructor-edition/_build/html/.built-from-sources",
    "_build/slides/.built-from-sources",
    "_build/instructor-edition/slides/.built-from-sources",
    "_build/pdf/course.pdf",  # after the editions' stamps: each PDF is newer than its edition
    "_build/pdf/course-instructor.pdf",
    "_build/hub-image/.installed",
]


def _run(args, cwd) -> str:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def built_clone(tmp_path):
    """A clone of the repository (its committed files and the working tree's Makefile) that looks fully built."""
    clone = tmp_path / "clone"
    _run(["git", "clone", "--quiet", "--depth", "1", ROOT.as_uri(), str(clone)], tmp_path)
    (clone / "Makefile").write_bytes((ROOT / "Makefile").read_bytes())
    _run(["make", "-n", "help"], clone)  # writes the list of sources, as any make run does
    past = 1_000_000_000  # 2001: every file of the clone older than every stamp
    for path in clone.rglob("*"):
        if ".git" not in path.relative_to(clone).parts:
            os.utime(path, (past, past), follow_symlinks=False)
    for stamp in STAMPS:
        (clone / stamp).parent.mkdir(parents=True, exist_ok=True)
        (clone / stamp).touch()
    return clone


def _planned(clone: Path) -> set[str]:
    """The builds `make -n` would run for `make test`'s build prerequisites."""
    plan = _run(["make", "-n", *BUILDS], clone) + "\n"
    return {build for build, command in BUILDS.items() if command in plan}


def test_nothing_is_rebuilt_when_nothing_changed(built_clone):
    assert _planned(built_clone) == set()


@pytest.mark.parametrize(
    "source",
    [
        "notebooks/03_trade_and_energy.ipynb",
        "book/instructor/notes.yaml",
        "exercises/quizzes/03.yaml",
        "CHANGELOG.md",
        "_toc.yml",
        "course/site/slides.py",
        "data/datapackage.json",
    ],
)
def test_an_edited_source_rebuilds_every_build(built_clone, source):
    path = built_clone / source
    assert path.is_file(), f"{source} is gone: pick another file this test edits"
    path.write_bytes(path.read_bytes() + b"\n")
    assert _planned(built_clone) == FROM_SOURCES


def test_only_new_requirements_rebuild_the_hub_image(built_clone):
    requirements = built_clone / ".binder" / "requirements.txt"
    requirements.write_bytes(requirements.read_bytes() + b"\n")
    assert _planned(built_clone) == set(BUILDS)


def test_a_rebuilt_edition_is_printed_again(built_clone):
    (built_clone / "_build" / "html" / ".built-from-sources").touch()
    assert _planned(built_clone) == {"pdf"}
    (built_clone / "_build" / "instructor-edition" / "_build" / "html" / ".built-from-sources").touch()
    assert _planned(built_clone) == {"pdf", "pdf-instructor"}


def test_an_added_or_removed_file_rebuilds_every_build(built_clone):
    (built_clone / "book" / "new-page.md").write_text("# New\n", encoding="utf-8")
    assert _planned(built_clone) == FROM_SOURCES, "a new file"
    for stamp in STAMPS:
        (built_clone / stamp).touch()
    assert _planned(built_clone) == set(), "the stamps renewed"
    (built_clone / "book" / "new-page.md").unlink()
    (built_clone / "CITATION.cff").unlink()
    assert _planned(built_clone) == FROM_SOURCES, "a file removed"


def test_a_change_to_the_tests_rebuilds_nothing(built_clone):
    test_file = built_clone / "tests" / "test_book.py"
    test_file.write_text(test_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (built_clone / "tests" / "test_new.py").write_text("", encoding="utf-8")
    assert _planned(built_clone) == set()
