"""``make slides``: each lesson as a reveal.js deck that works offline, in ``_build/slides/``.

Cells are marked as slides in the notebooks' metadata (``slideshow.slide_type``): headings start a slide,
charts get a sub-slide, the setup cell and the explorers are skipped (they need a kernel). nbconvert's
reveal template loads reveal.js, require.js and jQuery from CDNs and always adds MathJax and Mermaid; here the first
three come from ``_build/slides/lib`` (fetched with ``npm pack`` by the Makefile) and MathJax and Mermaid are dropped
by the template in ``course/site/slides_template``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from nbconvert.preprocessors import ExecutePreprocessor
from traitlets.config import Config

from .. import paths
from .executed import from_book_build

OUT = paths.ROOT / "_build" / "slides"
TEMPLATES = Path(__file__).parent / "slides_template"


def exporter() -> SlidesExporter:
    """A slides exporter that points every script at the local copies in ``_build/slides/lib``."""
    c = Config()
    c.SlidesExporter.reveal_url_prefix = "lib/reveal.js"
    c.SlidesExporter.reveal_theme = "white"  # the "simple" default theme imports Google Fonts
    c.SlidesExporter.require_js_url = "lib/require.js"
    c.SlidesExporter.jquery_url = "lib/jquery.min.js"
    c.SlidesExporter.extra_template_basedirs = [str(TEMPLATES)]
    c.SlidesExporter.template_name = "course-reveal"
    return SlidesExporter(config=c)


def without_widgets(nb):
    """Drop saved widget state and widget views: explorers are skipped in the decks, and widget state would
    make nbconvert load the widget manager from a CDN."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop("application/vnd.jupyter.widget-view+json", None)
    return nb


def executed(path: Path) -> nbformat.NotebookNode:
    """The lesson with outputs: the book build's run of this exact source if there is one (so ``make test``
    runs each lesson once), else a fresh run."""
    nb = from_book_build(path)
    if nb is None:
        nb = nbformat.read(path, as_version=4)
        ExecutePreprocessor(timeout=120).preprocess(nb, {"metadata": {"path": str(paths.NOTEBOOKS)}})
    return nb


def build(lessons=None) -> list[Path]:
    """Write ``_build/slides/<lesson>.slides.html`` for each lesson; return the paths."""
    OUT.mkdir(parents=True, exist_ok=True)
    export = exporter()
    written = []
    for path in lessons or paths.lessons():
        nb = executed(path)
        body, _ = export.from_notebook_node(without_widgets(nb))
        target = OUT / f"{path.stem}.slides.html"
        target.write_text(body, encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    for p in build():
        print(p)
    sys.exit(0)
