"""The course's version, from ``pyproject.toml`` (its one home), shown in the site's footer.

Read with ``tomllib`` rather than from the installed package's metadata, so that a version bump shows on the next
build even before the editable install is refreshed.
"""

from __future__ import annotations

import tomllib

from .. import paths


def version() -> str:
    """The version string in ``pyproject.toml``'s ``[project]`` table."""
    with (paths.ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]["version"]


def add_to_footer(app, config):
    """Append "Course version X (see Updates)" to the footer Jupyter Book writes from ``html.extra_footer``."""
    options = config.html_theme_options
    footer = options.get("extra_footer", "")
    options["extra_footer"] = f"{footer} Course version {version()}: see the Updates page for what changed.".strip()


def setup(app):
    """Sphinx extension: the version in every page's footer."""
    app.connect("config-inited", add_to_footer, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
