"""A small Sphinx extension for the course site (listed in ``_config.yml``).

It adds to every page, from ``course/site/static/``:

- ``course-a11y.js``: accessibility fixes for markup made by ipywidgets, jupyterquiz and sphinxcontrib-bibtex;
- ``course-progress.js``: quiz answers, challenge marks and board settings kept in the browser (localStorage),
  and the "Your progress" page (``book/progress.md``; this extension gives it the list of lessons and their
  number of quiz questions);
- ``course-explorers.js`` and ``course-boards.js`` (from ``course/kit/explorers/static/``): the explorers and the
  boards on the static page (see :mod:`course.kit.explorers`);
- ``course.css``: the explorers' layout, and readable widget areas and links in the theme's dark mode.

It also sets :data:`course.kit.explorers.framework.STATIC_ENV` in the build's environment, which the lesson kernels inherit:
that is how an explorer knows it is being built into the static site (and emits HTML that needs no kernel and no
widget manager) rather than running live.

Jupyter Book v1 always loads sphinx-thebe, which adds an inline script declaring ``THEBE_JS_URL``
(an unpkg address) twice on every page: a console error, and a CDN address in an offline site.
The course launches lessons through downloads and JupyterHub links instead, so the thebe scripts
are dropped from every page here.

``course/site/static/scripts/fontawesome.js`` is served in place of the theme's file of that name (Sphinx copies
``html_static_path`` after the theme's static files): a 1.4 MB script, a fifth of a lesson page's weight, that
the site does not need because the theme's stylesheet draws the icons from the Font Awesome webfont.

Lesson pages are numbered as the prose numbers them: the sidebar, the previous/next links and every link to a
lesson read "00 · Start here: …" (the page's own heading keeps the notebook's title). Each lesson ends with a
"What next" section (:mod:`course.site.nextsteps`).

Challenge solutions (code cells tagged ``solution`` and ``hide-cell``) are collapsed by myst-nb into a closed
``<details>`` element ("Show solution"). In the instructor edition (``course_edition = "instructor"``, set by
``course.site.instructor``) the same element is written open. In the student edition the lesson's download (the ⬇
button, ``_sources/notebooks/NN_*.ipynb``) is replaced by its worksheet, the lesson without solutions
(:mod:`course.site.worksheets`).
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

from docutils import nodes
from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput, visit_HideCellInput
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..kit.challenges import TAGS
from ..kit.explorers.framework import STATIC_ENV
from . import assignments_page, nextsteps


def _is_thebe(script) -> bool:
    filename = getattr(script, "filename", script) or ""
    body = getattr(script, "attributes", {}).get("body", "") if hasattr(script, "attributes") else ""
    return "thebe" in str(filename) or "THEBE_JS_URL" in str(body)


def drop_thebe(app, pagename, templatename, context, doctree):
    """Remove sphinx-thebe's scripts from a page's script list."""
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]


STATIC = Path(__file__).parent / "static"
EXPLORERS_STATIC = Path(__file__).parent.parent / "kit" / "explorers" / "static"  # the explorers' browser side


def add_static(app, config):
    """Serve ``course/site/static`` and the explorers' scripts (``course/kit/explorers/static``)."""
    config.html_static_path.extend([str(STATIC), str(EXPLORERS_STATIC)])


class OpenSolutionNode(HideCodeCellNode):
    """myst-nb's collapsible cell, written open (instructor edition)."""


def visit_open_solution(self, node):
    start = len(self.body)
    visit_HideCellInput(self, node)  # myst-nb's markup, whose first piece is the <details> tag
    self.body[start] = self.body[start].replace("<details ", "<details open ", 1)


class OpenSolutions(SphinxPostTransform):
    """In the instructor edition, write every challenge solution's collapsible element open."""

    default_priority = 250  # after myst-nb's HideInputCells (199), which makes the collapsible element
    formats = ("html",)

    def run(self, **kwargs):
        if self.app.config.course_edition != "instructor":
            return
        for cell in list(self.document.findall(nodes.container)):
            if TAGS["solution"] not in cell.get("cell_metadata", {}).get("tags", []):
                continue
            # myst-nb puts the collapsible element straight into the cell's child list (without setting its parent),
            # so swap it there rather than with replace_self
            for index, hidden in enumerate(cell.children):
                if type(hidden) is HideCodeCellNode:
                    opened = OpenSolutionNode(
                        prompt_show=hidden["prompt_show"],
                        prompt_hide=hidden["prompt_hide"],
                        classes=hidden["classes"] + ["solution-open"],
                    )
                    opened.extend(hidden.children)
                    opened.parent = cell
                    cell.children[index] = opened


CHECK_CALL = re.compile(r"""check\(\s*["'](\d\d[a-z]?\.\d+)["']\s*,\s*([A-Za-z_][A-Za-z0-9_]*)""")


class ChallengeIds(SphinxPostTransform):
    """Write each "Your turn" starter cell's challenge id and answer name into the page, as classes of the cell
    (``course-challenge-id-03_1 course-challenge-name-first_200``): course-progress.js keeps a student's "I've done
    this" mark under the id, and follows the name when challenges are renumbered. Both are read from the
    ``check("03.1", first_200)`` call of the cell after the starter, the one place a lesson names its challenge."""

    default_priority = 250
    formats = ("html",)

    def run(self, **kwargs):
        for cell in list(self.document.findall(nodes.container)):
            if TAGS["starter"] not in cell.get("cell_metadata", {}).get("tags", []) or cell.parent is None:
                continue
            siblings = [
                n for n in cell.parent.children[cell.parent.index(cell) + 1 :] if isinstance(n, nodes.container)
            ]
            found = CHECK_CALL.search(siblings[0].astext()) if siblings else None
            if found is None:
                raise ValueError(
                    f'{self.env.docname}: a challenge starter cell is not followed by its check("NN.k", '
                    "name) cell (see course/kit/challenges.py)"
                )
            cell["classes"] += [
                f"course-challenge-id-{found.group(1).replace('.', '_')}",
                f"course-challenge-name-{found.group(2)}",
            ]


def number_lesson_title(app, doctree):
    """Put the lesson's number before its title wherever Sphinx links to it: previous/next and ``{doc}`` (from
    ``env.titles``), the sidebar (from the page's entry in ``env.tocs``).

    Runs after Sphinx's title and toc collectors have recorded them (``doctree-read``, priority 600 > 500); the
    page's heading and its ``<title>`` (``longtitles``) stay as the notebook has them."""
    docname = app.env.docname
    match = nextsteps.LESSON_DOC.fullmatch(docname)
    if not match or docname not in app.env.titles:
        return
    prefix = f"{match.group(1)} · "
    text = app.env.titles[docname].astext()
    if not text.startswith(match.group(1)):
        app.env.titles[docname] = nodes.title("", prefix + text)
    # the sidebar's entry is the first reference of the page's own table of contents (Sphinx's toc collector)
    toc = app.env.tocs.get(docname)
    first = next(iter(toc.findall(nodes.reference)), None) if toc is not None else None
    if first is not None and not first.astext().startswith(match.group(1)):
        first.insert(0, nodes.Text(prefix))


def serve_worksheets(app, exception):
    """Student edition: the lesson download becomes the worksheet (the lesson without its solutions)."""
    if exception is not None or app.config.course_edition == "instructor" or app.builder.format != "html":
        return
    from . import worksheets

    for lesson in worksheets.lessons():
        target = Path(app.outdir) / "_sources" / "notebooks" / lesson.name
        if target.is_file():
            worksheets.write(lesson, target.parent)


PROGRESS_PAGE = "book/progress"
PROGRESS_SLOT = '<div id="course-progress-page">'


def lessons(app) -> list[dict]:
    """The lesson pages of the book (``notebooks/NN_…``, ``notebooks/NNb_…``) in order, with their titles and numbers of quiz questions
    and of "Your turn" challenges."""
    from ..kit import challenges, quiz

    found = []
    for docname in sorted(app.env.found_docs):
        match = re.fullmatch(r"notebooks/(\d\d[a-z]?)_.*", docname)
        if not match:
            continue
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        try:
            # each question's id and wordings: the progress page moves answers kept under a wording to the id
            ids = quiz.progress_keys(match.group(1))
        except quiz.QuizError:
            ids = []
        lesson = match.group(1)
        tasks = len(challenges.load(lesson)) if lesson in challenges.lessons() else 0
        found.append({"page": docname, "title": title, "questions": len(ids), "quiz": ids, "challenges": tasks})
    return found


def fill_progress_page(app, pagename, templatename, context, doctree):
    """Give the "Your progress" page the lessons to list and the way back to the site's root."""
    if pagename != PROGRESS_PAGE or "body" not in context:
        return
    root = "../" * pagename.count("/")
    attrs = f' data-lessons="{html.escape(json.dumps(lessons(app)), quote=True)}" data-root="{root}"'
    context["body"] = context["body"].replace(PROGRESS_SLOT, PROGRESS_SLOT[:-1] + attrs + ">", 1)


def setup(app):
    os.environ[STATIC_ENV] = "1"  # the lesson kernels started by this build inherit it
    app.add_config_value("course_edition", "student", "html")
    app.add_node(OpenSolutionNode, html=(visit_open_solution, depart_HideCellInput))
    app.add_post_transform(OpenSolutions)
    app.add_post_transform(ChallengeIds)
    app.connect("build-finished", serve_worksheets)
    app.connect("source-read", assignments_page.add_table)
    app.connect("build-finished", assignments_page.write_downloads)
    app.connect("config-inited", add_static)
    app.add_js_file("course-a11y.js")
    app.add_js_file("course-progress.js")
    app.add_js_file("course-boards.js")  # before course-explorers.js, which uses it
    app.add_js_file("course-explorers.js")
    app.add_css_file("course.css")
    app.connect("source-read", nextsteps.add_section)
    app.connect("doctree-read", number_lesson_title, priority=600)
    app.connect("html-page-context", fill_progress_page)
    app.connect("html-page-context", drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
