"""A small Sphinx extension for the course site (listed in ``_config.yml``).

It adds ``course/static/course-a11y.js`` to every page: accessibility fixes for markup made by
ipywidgets, jupyterquiz and sphinxcontrib-bibtex (see the file for what and why).

Jupyter Book v1 always loads sphinx-thebe, which adds an inline script declaring ``THEBE_JS_URL``
(an unpkg address) twice on every page: a console error, and a CDN address in an offline site.
The course launches lessons through downloads and JupyterHub links instead, so the thebe scripts
are dropped from every page here.

``course/static/scripts/fontawesome.js`` is served in place of the theme's file of that name (Sphinx copies
``html_static_path`` after the theme's static files): a 1.4 MB script, a fifth of a lesson page's weight, that
the site does not need because the theme's stylesheet draws the icons from the Font Awesome webfont.
"""

from __future__ import annotations

from pathlib import Path


def _is_thebe(script) -> bool:
    filename = getattr(script, "filename", script) or ""
    body = getattr(script, "attributes", {}).get("body", "") if hasattr(script, "attributes") else ""
    return "thebe" in str(filename) or "THEBE_JS_URL" in str(body)


def drop_thebe(app, pagename, templatename, context, doctree):
    """Remove sphinx-thebe's scripts from a page's script list."""
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]


STATIC = Path(__file__).parent / "static"


def add_static(app, config):
    """Serve ``course/static`` and load the accessibility fixes on every page."""
    config.html_static_path.append(str(STATIC))


def setup(app):
    app.connect("config-inited", add_static)
    app.add_js_file("course-a11y.js")
    app.connect("html-page-context", drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
