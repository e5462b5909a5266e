"""Concept boxes: a short definition where a key concept is first used in a lesson, linked to its glossary entry."""

from __future__ import annotations

import re

import nbformat
import pytest

from support import LESSONS, ROOT

BOX = re.compile(r"\A:::\{admonition\} Concept: (?P<title>.+)\n:class: concept\n(?P<body>.+?)\n:::\Z", re.S)
TERM = re.compile(r"\{term\}`([^`<]+?)(?:\s*<([^>]+)>)?`")
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def _glossary() -> dict[str, str]:
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    block = text.split("```{glossary}\n", 1)[1].split("\n```", 1)[0]
    entries, term = {}, None
    for line in block.splitlines():
        if line and not line.startswith(" "):
            term = line.strip()
            entries[term] = ""
        elif term:
            entries[term] += line.strip() + " "
    return entries


def _boxes() -> list[tuple[str, int, nbformat.NotebookNode]]:
    found = []
    for path in LESSONS:
        nb = nbformat.read(path, as_version=4)
        found += [
            (path.stem, i, c)
            for i, c in enumerate(nb.cells)
            if c.cell_type == "markdown" and c.source.startswith(":::{admonition} Concept:")
        ]
    return found


BOXES = _boxes()


def test_ten_to_fourteen_concepts_each_boxed_once():
    assert 10 <= len(BOXES) <= 14, f"{len(BOXES)} concept boxes: keep to the most important 10-14"
    titles = [BOX.match(c.source).group("title").lower() for _, _, c in BOXES if BOX.match(c.source)]
    assert len(titles) == len(set(titles)), "a concept is boxed where it is first used, once"


@pytest.mark.parametrize("stem,index,cell", BOXES, ids=[f"{s}[{i}]" for s, i, _ in BOXES])
def test_each_box_is_short_and_links_an_existing_glossary_term(stem, index, cell):
    match = BOX.match(cell.source)
    assert match, (
        f"{stem} cell {index}: a concept box is ':::{{admonition}} Concept: <name>', ':class: concept', text, ':::'"
    )
    body = match.group("body")
    assert 15 <= len(WORD.findall(body)) <= 80, f"{stem} cell {index}: two to four sentences"
    glossary = {t.lower(): t for t in _glossary()}
    linked = [m.group(2) or m.group(1) for m in TERM.finditer(body)]
    assert linked, f"{stem} cell {index}: link its glossary entry with {{term}}`…`"
    missing = [t for t in linked if t.lower() not in glossary]
    assert not missing, f"{stem} cell {index}: {missing} not in book/glossary.md"
    contested = [t for t in linked if "contested" in _glossary()[glossary[t.lower()]].lower()]
    if contested:
        assert re.search(r"contested|disputed", body), f"{stem} cell {index}: say that {contested} is contested"
    assert cell.metadata.get("slideshow", {}).get("slide_type"), f"{stem} cell {index}: give it a slide type"
