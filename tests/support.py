"""What several test modules share: the course's folders, the lessons, the built sites and their pages.

Test modules import from here (never from each other, never from conftest).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import yaml

from course.paths import ROOT, lesson_id, lessons  # noqa: F401 - lesson_id for the test modules

LESSONS = lessons()  # reading order: 00, 00b, 01, …
HTML = ROOT / "_build" / "html"
INSTRUCTOR_HTML = ROOT / "_build" / "instructor-edition" / "_build" / "html"
INSTRUCTOR_TOC = ROOT / "_build" / "instructor-edition" / "_toc.yml"


def read_package(folder: Path) -> dict:
    """The data package descriptor in ``folder``."""
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def toc_pages(toc_file: Path = ROOT / "_toc.yml") -> list[str]:
    """Every document in a table of contents (default: the student _toc.yml), as a path without suffix."""
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [chapter["file"] for chapter in part.get("chapters", [])]
    return pages


def instructor_toc_pages() -> list[str]:
    """Every document of the instructor edition (empty until `make instructor` has written its toc)."""
    return toc_pages(INSTRUCTOR_TOC) if INSTRUCTOR_TOC.is_file() else []


def normalise(text: str, *, tags: bool = True) -> str:
    """Text as a reader sees it: tags stripped (unless ``tags`` is False: for source files, where a ``<`` in code
    would swallow text up to the next ``>``), entities decoded, typographic quotes straightened, spaces collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text) if tags else text)
    for fancy, plain in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-")):
        text = text.replace(fancy, plain)
    return re.sub(r"\s+", " ", text)
